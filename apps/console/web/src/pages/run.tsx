import { useEffect, useRef, useState } from 'preact/hooks';
import { api, apiUrl, enc, q } from '../api';
import { disposeChart, mountChart } from '../charts';
import { useLoad } from '../hooks';
import { labelOf, show, type Parameter } from './results';
import type { CacheWire, FilesWire, ResultsWire } from '../wire';

type Result = ResultsWire['ResultDetailResponse'];
type Artifact = FilesWire['ArtifactResponse'];

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
      declared_type: null,
      kinds: [],
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
      <Metrics executionId={r.execution_id} />
      <Logs executionId={r.execution_id} />
      <Artifacts executionId={r.execution_id} />
      <CacheEntries executionId={r.execution_id} />
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

type MetricName = ResultsWire['MetricSummaryDto'];
type Series = ResultsWire['MetricSeriesResponse'];

/** Points per chart: about one per pixel of a wide chart; the results service downsamples (min/max) past it. */
const SERIES_POINTS = 2000;
/** Series drawn at once: a run may hold hundreds of metric names; the rest are a click away. */
const SHOWN_SERIES = 6;

/** A run's metric series (GET /results/{id}/metrics), one line chart each, step on the x axis. */
function Metrics({ executionId }: { executionId: string }) {
  const names = useLoad(
    () =>
      api
        .get<{ metrics: MetricName[] }>('results', `/results/${enc(executionId)}/metrics`)
        .then((r) => r.data.metrics),
    [executionId],
  );
  const [chosen, setChosen] = useState<string[] | null>(null);
  const all = names.data ?? [];
  const shown = chosen ?? all.slice(0, SHOWN_SERIES).map((m) => m.name);
  return (
    <section aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      {names.error && <p class="error">{names.error.message}</p>}
      {names.data?.length === 0 && <p>This run recorded no metrics.</p>}
      {all.length > 0 && (
        <fieldset class="choices">
          <legend>Series shown</legend>
          {all.map((m) => (
            <label>
              <input
                type="checkbox"
                checked={shown.includes(m.name)}
                onChange={(e) =>
                  setChosen(
                    (e.target as HTMLInputElement).checked
                      ? [...shown, m.name]
                      : shown.filter((n) => n !== m.name),
                  )
                }
              />{' '}
              {m.name} <small>({m.count} points)</small>
            </label>
          ))}
        </fieldset>
      )}
      <div class="panels">
        {shown.map((name) => (
          <MetricChart key={name} executionId={executionId} name={name} />
        ))}
      </div>
    </section>
  );
}

function MetricChart({ executionId, name }: { executionId: string; name: string }) {
  const element = useRef<HTMLDivElement>(null);
  const series = useLoad(
    () =>
      api
        .get<Series>(
          'results',
          `/results/${enc(executionId)}/metrics/${enc(name)}${q({ max_points: SERIES_POINTS })}`,
        )
        .then((r) => r.data),
    [executionId, name],
  );
  const chartName = `metric:${name}`;
  useEffect(() => {
    const s = series.data;
    if (!s || !element.current) return;
    mountChart(chartName, element.current, {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 70, right: 20, top: 30, bottom: 40 },
      xAxis: { type: 'value', name: 'step', min: 'dataMin', max: 'dataMax' },
      yAxis: { type: 'value', name: s.unit ?? '', scale: true },
      series: [
        {
          name: s.name,
          type: 'line',
          showSymbol: false,
          connectNulls: false,
          data: s.points.map((p) => [p.step, p.value]),
        },
      ],
    });
    return () => disposeChart(chartName);
  }, [series.data]);
  const s = series.data;
  return (
    <figure class="chart-box">
      <figcaption>
        {name}
        {s?.unit ? ` (${s.unit})` : ''}
        {s?.downsampled && (
          <small>
            {' '}
            · {s.points.length} of {s.count} points (min/max per bucket)
          </small>
        )}
      </figcaption>
      {series.error && <p class="error">{series.error.message}</p>}
      <div ref={element} class="chart" role="img" aria-label={`${name} against step`} />
    </figure>
  );
}

type LogLine = ResultsWire['LogLineDto'];
const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const LOG_PAGE = 50;

/** A run's log lines (GET /results/{id}/logs), oldest first, with a level filter and paging. */
function Logs({ executionId }: { executionId: string }) {
  const [level, setLevel] = useState('');
  const [offset, setOffset] = useState(0);
  const page = useLoad(
    () =>
      api
        .get<{ items: LogLine[]; total: number; levels: Record<string, number> }>(
          'results',
          `/results/${enc(executionId)}/logs${q({ level, limit: LOG_PAGE, offset })}`,
        )
        .then((r) => r.data),
    [executionId, level, offset],
  );
  const p = page.data;
  return (
    <section aria-labelledby="logs-title">
      <h2 id="logs-title">Logs</h2>
      <div class="filter">
        <label for="log-level">Level</label>
        <select
          id="log-level"
          value={level}
          onChange={(e) => {
            setLevel((e.target as HTMLSelectElement).value);
            setOffset(0);
          }}
        >
          <option value="">all levels</option>
          {LEVELS.map((l) => (
            <option value={l}>
              {l} ({p?.levels[l] ?? 0})
            </option>
          ))}
          <option value="WARNING,ERROR,CRITICAL">warnings and errors</option>
        </select>
      </div>
      {page.error && <p class="error">{page.error.message}</p>}
      {p && (
        <p class="totals" aria-live="polite">
          {p.total === 0
            ? 'No log lines.'
            : `Lines ${offset + 1}–${Math.min(offset + LOG_PAGE, p.total)} of ${p.total}`}
        </p>
      )}
      {p && p.items.length > 0 && (
        <div class="table-wrap">
          <table aria-label="Log lines">
            <thead>
              <tr>
                <th scope="col">time</th>
                <th scope="col">level</th>
                <th scope="col">logger</th>
                <th scope="col">message</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((l) => (
                <tr class={`log-${l.level.toLowerCase()}`}>
                  <td>{l.time?.slice(0, 23).replace('T', ' ')}</td>
                  <td>{l.level}</td>
                  <td>{l.logger}</td>
                  <td class="message">{l.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p && p.total > LOG_PAGE && (
        <nav class="pager" aria-label="Log pages">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - LOG_PAGE))}
          >
            Earlier
          </button>
          <button
            type="button"
            disabled={offset + LOG_PAGE >= p.total}
            onClick={() => setOffset(offset + LOG_PAGE)}
          >
            Later
          </button>
        </nav>
      )}
    </section>
  );
}

type CacheEntry = CacheWire['EntryResponse'];

/** The cache entries that point at this run (GET /cache/entries?execution_id=). */
function CacheEntries({ executionId }: { executionId: string }) {
  const entries = useLoad(
    () =>
      api
        .get<{ entries: CacheEntry[]; total: number }>(
          'cache',
          `/cache/entries${q({ execution_id: executionId, limit: 50 })}`,
        )
        .then((r) => r.data),
    [executionId],
  );
  const e = entries.data;
  return (
    <section aria-labelledby="cache-entries-title">
      <h2 id="cache-entries-title">Cache entries</h2>
      {entries.error && <p class="error">{entries.error.message}</p>}
      {e?.total === 0 && <p>No cache entry points at this run.</p>}
      {e && e.total > 0 && (
        <table aria-label="Cache entries of this run">
          <thead>
            <tr>
              <th scope="col">key</th>
              <th scope="col">status</th>
              <th scope="col">hits</th>
              <th scope="col">stored</th>
            </tr>
          </thead>
          <tbody>
            {e.entries.map((c) => (
              <tr>
                {/* Not a link to GET /cache/<key>: a lookup counts as a cache request in the statistics. */}
                <td>
                  <code>{c.cache_key}</code>
                </td>
                <td>{c.status}</td>
                <td class="num">{c.hit_count}</td>
                <td>{c.created_at?.slice(0, 19).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {e && e.total > e.entries.length && <p class="totals">{e.total} entries, the newest 50 shown.</p>}
    </section>
  );
}
