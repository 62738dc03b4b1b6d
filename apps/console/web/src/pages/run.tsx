import { useEffect, useState } from 'preact/hooks';
import { api, apiUrl, enc } from '../api';
import { useLoad } from '../hooks';
import { labelOf, show, type Parameter } from './results';

interface Result {
  execution_id: string;
  simulation_name: string;
  simulation_version: string;
  squid_id: string;
  status: string;
  duration_seconds: number | null;
  created_at: string;
  valid: boolean;
  invalidation?: { reason?: string } | null;
  input_params: Record<string, unknown>;
  output_params: Record<string, unknown>;
}
interface Artifact {
  id: number;
  name: string;
  size: number | null;
  content_type: string | null;
  category: string | null;
  /** The artifact's bytes on the files service. */
  download: string;
}

export function RunPage({ executionId }: { executionId: string }) {
  const run = useLoad(
    () => api.get<Result>('results', `/results/${enc(executionId)}`).then((r) => r.data),
    [executionId],
  );
  const schema = useLoad(
    () =>
      run.data
        ? api
            .get<{ parameters: Parameter[] }>('results', `/schemas/${enc(run.data.simulation_name)}`)
            .then((r) => r.data)
        : Promise.resolve({ parameters: [] as Parameter[] }),
    [run.data?.simulation_name],
  );
  if (run.error)
    return (
      <p class="error" role="alert">
        {run.error.message}
      </p>
    );
  if (!run.data) return <p class="loading">Loading…</p>;
  const r = run.data;
  const param = (name: string, cls: 'input' | 'output') =>
    schema.data?.parameters.find((p) => p.name === name && p.class === cls) ?? {
      name,
      class: cls,
      units: null,
      type: null,
      min: null,
      max: null,
    };
  const values = (title: string, cls: 'input' | 'output', v: Record<string, unknown>) => (
    <section>
      <h2>{title}</h2>
      <table aria-label={title}>
        <tbody>
          {Object.entries(v ?? {}).map(([name, value]) => (
            <tr>
              <th scope="row">{labelOf(param(name, cls))}</th>
              <td class={typeof value === 'number' ? 'num' : undefined}>{show(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
  return (
    <article aria-labelledby="run-title">
      <h1 id="run-title">Run {r.execution_id}</h1>
      <p>
        <a href={`#/results?sim=${enc(r.simulation_name)}`}>{r.simulation_name}</a> (
        <a href={`#/catalog?q=${enc(r.simulation_name)}`}>in the catalog</a>) {r.simulation_version} ·{' '}
        {r.status}
        {r.duration_seconds !== null && ` · ${show(r.duration_seconds)} s`} · registered{' '}
        {r.created_at?.slice(0, 19).replace('T', ' ')}
        {!r.valid && (
          <strong class="error">
            {' '}
            · invalidated{r.invalidation?.reason ? `: ${r.invalidation.reason}` : ''}
          </strong>
        )}
      </p>
      <div class="panels">
        {values('Inputs', 'input', r.input_params)}
        {values('Outputs', 'output', r.output_params)}
      </div>
      <Artifacts executionId={r.execution_id} />
    </article>
  );
}

const kindOf = (a: Artifact) => {
  const type = a.content_type ?? '';
  if (type.startsWith('image/') || /\.(png|jpe?g|gif|svg|webp)$/i.test(a.name)) return 'image';
  if (type === 'text/csv' || /\.csv$/i.test(a.name)) return 'csv';
  if (type.startsWith('text/') || /\.(txt|log|json|md|out|dat|ya?ml)$/i.test(a.name)) return 'text';
  return 'other';
};

function Artifacts({ executionId }: { executionId: string }) {
  const list = useLoad(
    () =>
      api.get<{ files: Artifact[] }>('files', `/runs/${enc(executionId)}/files`).then((r) => r.data.files),
    [executionId],
  );
  const [open, setOpen] = useState<Artifact | null>(null);
  return (
    <section aria-labelledby="artifacts-title">
      <h2 id="artifacts-title">Artifacts</h2>
      {list.error && <p class="error">{list.error.message}</p>}
      {list.data?.length === 0 && <p>This run has no artifacts.</p>}
      <ul class="artifacts">
        {(list.data ?? []).map((a) => {
          const url = apiUrl('files', a.download);
          return (
            <li>
              {a.name} {a.size !== null && <small>({a.size} bytes)</small>}{' '}
              {kindOf(a) !== 'other' && (
                <button
                  type="button"
                  onClick={() => setOpen(open?.id === a.id ? null : a)}
                  aria-expanded={open?.id === a.id}
                >
                  Preview
                </button>
              )}{' '}
              <a href={url} download={a.name.split('/').pop()}>
                Download
              </a>
              {open?.id === a.id && <Preview kind={kindOf(a)} url={url} name={a.name} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The first 256 KiB of a CSV or text artifact are shown; images are shown whole. */
const PREVIEW_BYTES = 256 * 1024;

function Preview({ kind, url, name }: { kind: string; url: string; name: string }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (kind === 'image') return;
    fetch(url, { headers: { range: `bytes=0-${PREVIEW_BYTES - 1}` } })
      .then((r) => r.text())
      .then(
        (t) => setText(t.slice(0, PREVIEW_BYTES)),
        (e: Error) => setText(e.message),
      );
  }, [url, kind]);
  if (kind === 'image') return <img class="preview" src={url} alt={name} />;
  if (text === null) return <p class="loading">Loading…</p>;
  if (kind === 'csv') {
    const rows = text
      .split(/\r?\n/)
      .filter(Boolean)
      .slice(0, 200)
      .map((line) => line.split(','));
    return (
      <div class="table-wrap">
        <table class="preview" aria-label={`${name} preview`}>
          <thead>
            <tr>
              {rows[0]?.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(1).map((r) => (
              <tr>
                {r.map((c) => (
                  <td>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return <pre class="preview">{text}</pre>;
}
