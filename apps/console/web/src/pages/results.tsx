import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure, enc, q } from '../api';
import { disposeChart, mountChart } from '../charts';
import { go, useLoad } from '../hooks';
import type { ResultsWire } from '../wire';

export type Parameter = ResultsWire['SchemaParameterResponse'];
type Schema = ResultsWire['SimulationSchemaResponse'];
/** Only the fields asked for (`fields`), so each may be absent. */
type Row = ResultsWire['SearchRowResponse'];
type Page = ResultsWire['SearchAnswer'];

export const fieldOf = (p: Parameter) => `${p.class === 'input' ? 'inputs' : 'outputs'}.${p.name}`;
export const labelOf = (p: Parameter) => `${p.name}${p.units ? ` (${p.units})` : ''}`;
export const valueOf = (row: Row, p: Parameter) =>
  (p.class === 'input' ? row.input_params : row.output_params)?.[p.name];
export const show = (v: unknown) =>
  v === undefined
    ? ''
    : typeof v === 'number'
      ? String(Number(v.toPrecision(6)))
      : typeof v === 'string'
        ? v
        : JSON.stringify(v);

const PAGE_SIZE = 25;
/** The most runs one scatter asks for: pages of 1000 (the search's largest page), one after another. */
const SCATTER_MAX = 20_000;
/** Parallel coordinates: this many numeric parameters at most, over this many runs at most. */
const PARALLEL_AXES = 8;
const PARALLEL_MAX = 5_000;

/** The matching runs with the given fields, page after page of 1000, up to `max`; and the total. */
async function matching(sim: string, filter: string, fields: string[], max: number) {
  const rows: Row[] = [];
  let total = 0;
  for (let offset = 0; offset < max; offset += 1000) {
    const { data } = await api.post<Page>('results', '/search', {
      simulation_name: sim,
      filter: filter || undefined,
      fields: ['execution_id', ...fields],
      limit: 1000,
      offset,
    });
    total = data.total;
    rows.push(...data.results);
    if (offset + 1000 >= total) break;
  }
  return { rows, total };
}

export function ResultsPage({ params }: { params: URLSearchParams }) {
  const sims = useLoad(
    () => api.get<{ simulation_name: string; results: number }[]>('results', '/schemas').then((r) => r.data),
    [],
  );
  const sim = params.get('sim') ?? sims.data?.[0]?.simulation_name ?? '';
  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">Results</h1>
      <label>
        Simulation{' '}
        <select value={sim} onChange={(e) => go('results', { sim: (e.target as HTMLSelectElement).value })}>
          {(sims.data ?? []).map((s) => (
            <option value={s.simulation_name}>
              {s.simulation_name} ({s.results} runs)
            </option>
          ))}
        </select>
      </label>
      {sims.error && <p class="error">{sims.error.message}</p>}
      {sims.data?.length === 0 && <p>No runs are registered yet.</p>}
      {sim && <Simulation key={sim} sim={sim} />}
    </section>
  );
}

function Simulation({ sim }: { sim: string }) {
  const schema = useLoad(() => api.get<Schema>('results', `/schemas/${enc(sim)}`).then((r) => r.data), [sim]);
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [columns, setColumns] = useState<string[] | null>(null);
  const [sort, setSort] = useState<{ by: string; order: 'asc' | 'desc' } | null>(null);
  const [offset, setOffset] = useState(0);
  const parameters = schema.data?.parameters ?? [];
  const shown = parameters.filter((p) =>
    (columns ?? parameters.slice(0, 8).map(fieldOf)).includes(fieldOf(p)),
  );
  const page = useLoad(
    () =>
      api
        .post<Page>('results', '/search', {
          simulation_name: sim,
          filter: filter || undefined,
          sort_by: sort?.by,
          sort_order: sort?.order,
          limit: PAGE_SIZE,
          offset,
        })
        .then((r) => r.data),
    [sim, filter, sort?.by, sort?.order, offset],
  );
  const failure = page.error instanceof ApiFailure ? page.error : undefined;
  const toggleSort = (by: string) => {
    setOffset(0);
    setSort((s) => (s?.by === by ? { by, order: s.order === 'asc' ? 'desc' : 'asc' } : { by, order: 'asc' }));
  };
  const header = (by: string, label: string) => (
    <th
      scope="col"
      aria-sort={sort?.by === by ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" class="sort" onClick={() => toggleSort(by)}>
        {label} {sort?.by === by ? (sort.order === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
  return (
    <>
      <form
        class="filter"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilter(filterText.trim());
        }}
      >
        <label for="filter">Filter</label>
        <input
          id="filter"
          name="filter"
          value={filterText}
          placeholder="inputs.temperature >= 300 and outputs.converged = true"
          onInput={(e) => setFilterText((e.target as HTMLInputElement).value)}
          aria-describedby="filter-error"
          aria-invalid={failure ? 'true' : undefined}
        />
        <button type="submit">Search</button>
      </form>
      <div id="filter-error" aria-live="polite">
        {failure && (
          <div class="error" role="alert">
            <p>{failure.message}</p>
            {typeof failure.details?.position === 'number' && (
              // The service's own caret under the filter (its position counts from 1).
              <pre class="caret" data-position={failure.details.position}>
                {failure.details.pointer ?? `${filter}\n${' '.repeat(failure.details.position - 1)}^`}
              </pre>
            )}
          </div>
        )}
      </div>
      <details class="columns">
        <summary>
          Columns ({shown.length} of {parameters.length})
        </summary>
        {parameters.map((p) => (
          <label>
            <input
              type="checkbox"
              checked={shown.includes(p)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                const now = shown.map(fieldOf);
                setColumns(on ? [...now, fieldOf(p)] : now.filter((f) => f !== fieldOf(p)));
              }}
            />
            {p.class} {labelOf(p)}
          </label>
        ))}
      </details>
      {page.data && (
        <>
          <p class="totals" aria-live="polite">
            {page.data.total === 0
              ? 'No runs match.'
              : `Runs ${offset + 1}–${offset + page.data.results.length} of ${page.data.total}`}
          </p>
          <div class="table-wrap">
            <table aria-label="Runs">
              <thead>
                <tr>
                  {header('execution_id', 'execution')}
                  {header('simulation_version', 'version')}
                  {header('status', 'status')}
                  {shown.map((p) => header(fieldOf(p), labelOf(p)))}
                  {header('created_at', 'registered')}
                </tr>
              </thead>
              <tbody>
                {page.data.results.map((row) => (
                  <tr>
                    <td>
                      <a href={`#/run/${enc(row.execution_id ?? '')}`}>{row.execution_id}</a>
                    </td>
                    <td>{row.simulation_version}</td>
                    <td>{row.status}</td>
                    {shown.map((p) => (
                      <td class={p.type === 'number' ? 'num' : undefined}>{show(valueOf(row, p))}</td>
                    ))}
                    <td>{row.created_at?.replace('T', ' ').slice(0, 19)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              Previous
            </button>
            <button
              type="button"
              disabled={offset + PAGE_SIZE >= page.data.total}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              Next
            </button>
          </nav>
        </>
      )}
      {parameters.length > 0 && <Compare sim={sim} filter={failure ? '' : filter} parameters={parameters} />}
    </>
  );
}

function Compare({ sim, filter, parameters }: { sim: string; filter: string; parameters: Parameter[] }) {
  const numeric = parameters.filter((p) => p.type === 'number');
  const [x, setX] = useState(numeric[0] ? fieldOf(numeric[0]) : '');
  const [y, setY] = useState(numeric[1] ? fieldOf(numeric[1]) : x);
  const [h, setH] = useState(x);
  if (numeric.length === 0) return <p>This simulation has no numeric parameters to plot.</p>;
  const pick = (value: string, set: (v: string) => void, label: string) => (
    <label>
      {label}{' '}
      <select aria-label={label} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {numeric.map((p) => (
          <option value={fieldOf(p)}>
            {p.class} {labelOf(p)}
          </option>
        ))}
      </select>
    </label>
  );
  const byField = (f: string) => numeric.find((p) => fieldOf(p) === f) ?? numeric[0];
  return (
    <section aria-labelledby="compare-title" class="compare">
      <h2 id="compare-title">Compare {filter ? 'the matching runs' : 'all runs'}</h2>
      <div class="panels">
        <div>
          {pick(x, setX, 'X')} {pick(y, setY, 'Y')}
          <Scatter sim={sim} filter={filter} x={byField(x)} y={byField(y)} />
        </div>
        <div>
          {pick(h, setH, 'Histogram of')}
          <Histogram sim={sim} p={byField(h)} />
        </div>
      </div>
      <Parallel sim={sim} filter={filter} parameters={numeric.slice(0, PARALLEL_AXES)} />
    </section>
  );
}

function Scatter({ sim, filter, x, y }: { sim: string; filter: string; x: Parameter; y: Parameter }) {
  const element = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    let live = true;
    (async () => {
      const points: [number, number, string][] = [];
      const { rows, total } = await matching(sim, filter, [fieldOf(x), fieldOf(y)], SCATTER_MAX);
      for (const row of rows) {
        const a = valueOf(row, x);
        const b = valueOf(row, y);
        if (typeof a === 'number' && typeof b === 'number') points.push([a, b, row.execution_id ?? '']);
      }
      if (!live || !element.current) return;
      setNote(
        `${points.length} runs with both values${total > SCATTER_MAX ? ` (the first ${SCATTER_MAX} of ${total})` : ''}`,
      );
      mountChart('scatter', element.current, {
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (i: { data: [number, number, string] }) => `${i.data[2]}: ${i.data[0]}, ${i.data[1]}`,
        },
        grid: { left: 70, right: 20, top: 20, bottom: 50 },
        xAxis: { type: 'value', name: labelOf(x), nameLocation: 'middle', nameGap: 30, scale: true },
        yAxis: { type: 'value', name: labelOf(y), nameLocation: 'middle', nameGap: 55, scale: true },
        series: [{ type: 'scatter', symbolSize: 4, large: true, largeThreshold: 2000, data: points }],
      });
    })().catch((e: Error) => live && setNote(e.message));
    return () => {
      live = false;
      disposeChart('scatter');
    };
  }, [sim, filter, fieldOf(x), fieldOf(y)]);
  return (
    <figure>
      <div
        ref={element}
        class="chart"
        role="img"
        aria-label={`Scatter of ${labelOf(y)} against ${labelOf(x)}`}
      />
      <figcaption>{note}</figcaption>
    </figure>
  );
}

type Stats = ResultsWire['ParameterStatsResponse'];

function Histogram({ sim, p }: { sim: string; p: Parameter }) {
  const element = useRef<HTMLDivElement>(null);
  const stats = useLoad(
    () =>
      api
        .get<Stats>('results', `/stats/${enc(sim)}/${enc(p.name)}${q({ class: p.class, bins: 20 })}`)
        .then((r) => r.data),
    [sim, fieldOf(p)],
  );
  useEffect(() => {
    const s = stats.data;
    if (!s || !element.current) return;
    const bins = s.histogram ?? [];
    mountChart('histogram', element.current, {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 20, bottom: 50 },
      xAxis: {
        type: 'category',
        data: bins.map((b) => `${show(b.lower)}–${show(b.upper)}`),
        name: labelOf(p),
        nameLocation: 'middle',
        nameGap: 30,
      },
      yAxis: { type: 'value', name: 'runs' },
      series: [{ type: 'bar', barCategoryGap: '0%', data: bins.map((b) => b.count) }],
    });
    return () => disposeChart('histogram');
  }, [stats.data]);
  const s = stats.data;
  return (
    <figure>
      <div ref={element} class="chart" role="img" aria-label={`Histogram of ${labelOf(p)}`} />
      {stats.error && <p class="error">{stats.error.message}</p>}
      {s && (
        <dl class="stats">
          <dt>count</dt>
          <dd>{s.count}</dd>
          <dt>mean</dt>
          <dd>{show(s.avg_value)}</dd>
          <dt>stddev</dt>
          <dd>{show(s.stddev)}</dd>
          <dt>min</dt>
          <dd>{show(s.min_value)}</dd>
          {Object.entries(s.percentiles ?? {}).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{show(v)}</dd>
            </>
          ))}
          <dt>max</dt>
          <dd>{show(s.max_value)}</dd>
        </dl>
      )}
    </figure>
  );
}

/** One line per run across the numeric parameters (the first eight), each axis with its units. */
function Parallel({ sim, filter, parameters }: { sim: string; filter: string; parameters: Parameter[] }) {
  const element = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('');
  const key = parameters.map(fieldOf).join(',');
  useEffect(() => {
    let live = true;
    matching(sim, filter, parameters.map(fieldOf), PARALLEL_MAX)
      .then(({ rows, total }) => {
        if (!live || !element.current) return;
        const lines = rows.map((row) => parameters.map((p) => valueOf(row, p) ?? null));
        setNote(
          `${rows.length} runs${total > PARALLEL_MAX ? ` (the first ${PARALLEL_MAX} of ${total})` : ''}`,
        );
        mountChart('parallel', element.current, {
          animation: false,
          parallel: { left: 60, right: 80, top: 40, bottom: 30 },
          parallelAxis: parameters.map((p, dim) => ({ dim, name: labelOf(p), scale: true })),
          series: [{ type: 'parallel', lineStyle: { width: 1, opacity: 0.35 }, data: lines }],
        });
      })
      .catch((e: Error) => live && setNote(e.message));
    return () => {
      live = false;
      disposeChart('parallel');
    };
  }, [sim, filter, key]);
  return (
    <figure>
      <div
        ref={element}
        class="chart"
        role="img"
        aria-label="Parallel coordinates of the numeric parameters"
      />
      <figcaption>{note}</figcaption>
    </figure>
  );
}
