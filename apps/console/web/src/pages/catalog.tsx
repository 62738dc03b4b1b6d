import { useState } from 'preact/hooks';
import { api, enc, q } from '../api';
import { useLoad } from '../hooks';
import type { CatalogWire } from '../wire';

type Simulation = CatalogWire['SimulationResponse'];

/** `initial`: the search to start with (`#/catalog?q=thermal_sim`, as a run's page links it). */
export function CatalogPage({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [query, setQuery] = useState(initial);
  const [open, setOpen] = useState<string | null>(null);
  const found = useLoad(
    () =>
      api
        .get<Simulation[]>('catalog', `/simulations/search${q({ query, limit: 50 })}`)
        .then((r) => ({ items: r.data, total: Number(r.headers.get('x-total-count') ?? r.data.length) })),
    [query],
  );
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Catalog</h1>
      <form
        role="search"
        class="filter"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(text.trim());
        }}
      >
        <label for="catalog-query">Search</label>
        <input
          id="catalog-query"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Search</button>
      </form>
      {found.error && <p class="error">{found.error.message}</p>}
      {found.data && <p class="totals">{found.data.total} matching versions, best match first</p>}
      <ul class="list">
        {onePerName(found.data?.items ?? []).map((s) => (
          <li>
            <button
              type="button"
              class="link"
              onClick={() => setOpen(open === s.name ? null : s.name)}
              aria-expanded={open === s.name}
            >
              {s.name}
            </button>{' '}
            {s.status && <small>{s.status}</small>} {s.description && <span>— {s.description}</span>}{' '}
            <a href={`#/results?sim=${enc(s.name)}`}>runs</a>
            {open === s.name && <Versions id={s.id} name={s.name} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The search answers each matching version; the list shows a simulation once, where its best-ranked
 * version stands, and its versions when opened.
 */
function onePerName(hits: Simulation[]): Simulation[] {
  const seen = new Set<string>();
  return hits.filter((s) => !seen.has(s.name) && Boolean(seen.add(s.name)));
}

function Versions({ id, name }: { id: number; name: string }) {
  const versions = useLoad(
    () =>
      api
        .get<{ versions: Simulation[] }>('catalog', `/simulations/${enc(name)}/versions`)
        .then((r) => r.data.versions),
    [name],
  );
  const stats = useLoad(
    () => api.get<Record<string, unknown>>('catalog', `/simulations/${id}/stats`).then((r) => r.data),
    [id],
  );
  return (
    <div class="panels">
      <div>
        <h3>Versions (latest first)</h3>
        <ol>
          {(versions.data ?? []).map((v) => (
            <li>{v.version}</li>
          ))}
        </ol>
      </div>
      <div>
        <h3>Executions</h3>
        <dl class="stats">
          {Object.entries(stats.data ?? {})
            .filter(([, v]) => typeof v !== 'object')
            .map(([k, v]) => (
              <>
                <dt>{k.replace(/_/g, ' ')}</dt>
                <dd>{String(v)}</dd>
              </>
            ))}
        </dl>
      </div>
    </div>
  );
}
