import { useEffect, useRef, useState } from 'preact/hooks';
import { api, enc, q, type Session } from '../api';
import { disposeChart, mountChart } from '../charts';
import { useLoad } from '../hooks';
import type { CacheWire } from '../wire';

type Stats = CacheWire['CacheStatsResponse'];
type Entry = CacheWire['EntryResponse'];
type Invalidation = CacheWire['InvalidationResponse'];
/** GET /cache/explain */
type Explanation = CacheWire['ExplainResponse'];
/** What the explain form is asked to explain (`n` makes asking twice for one key a new request). */
interface Question {
  key: string;
  inputs: string;
  n: number;
}

export function CachePage({ session }: { session: Session }) {
  const stats = useLoad(() => api.get<Stats>('cache', '/cache/stats').then((r) => r.data), []);
  const entries = useLoad(
    () =>
      api.get<{ entries: Entry[]; total: number }>('cache', '/cache/entries?limit=25').then((r) => r.data),
    [],
  );
  const mayInvalidate = session.privileges.includes('cache_invalidate');
  const [question, setQuestion] = useState<Question | null>(null);
  /** Explains an entry's key with the inputs of the run it names, so the nearest valid entries show which inputs differ. */
  const why = async (e: Entry) => {
    let inputs = '';
    try {
      const { data } = await api.get<{ input_params: Record<string, unknown> }>(
        'results',
        `/results/${enc(e.execution_id)}`,
      );
      inputs = JSON.stringify(data.input_params);
    } catch {
      // No registered run (or no access to it): the key alone still says what became of the entry.
    }
    setQuestion({ key: e.cache_key, inputs, n: Date.now() });
  };
  const s = stats.data;
  return (
    <section aria-labelledby="cache-title">
      <h1 id="cache-title">Cache</h1>
      {stats.error && <p class="error">{stats.error.message}</p>}
      {s && (
        <dl class="tiles">
          <div>
            <dt>hit rate</dt>
            <dd>{s.hit_rate_percent} %</dd>
          </div>
          <div>
            <dt>hits / misses</dt>
            <dd>
              {s.cache_hits} / {s.cache_misses}
            </dd>
          </div>
          <div>
            <dt>time saved</dt>
            <dd>{Math.round(s.time_saved_seconds)} s</dd>
          </div>
          <div>
            <dt>entries (valid)</dt>
            <dd>
              {s.total_entries} ({s.valid_entries})
            </dd>
          </div>
          <div>
            <dt>size</dt>
            <dd>{s.total_size_mb} MB</dd>
          </div>
        </dl>
      )}
      <History />
      <h2>Newest entries</h2>
      <table aria-label="Cache entries">
        <thead>
          <tr>
            <th scope="col">key</th>
            <th scope="col">simulation</th>
            <th scope="col">status</th>
            <th scope="col">stored</th>
            <th scope="col">explain</th>
          </tr>
        </thead>
        <tbody>
          {(entries.data?.entries ?? []).map((e) => (
            <tr>
              <td>{e.cache_key}</td>
              <td>
                {e.simulation_name} {e.simulation_version}
              </td>
              <td>{e.status}</td>
              <td>{String(e.created_at).slice(0, 19).replace('T', ' ')}</td>
              <td>
                {e.status !== 'valid' && (
                  <button
                    type="button"
                    class="link"
                    aria-label={`Why does ${e.cache_key} miss?`}
                    onClick={() => void why(e)}
                  >
                    why?
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <WhyMissed question={question} />
      {mayInvalidate && <Invalidate onDone={() => (stats.reload(), entries.reload())} />}
    </section>
  );
}

/** "Why did this miss?": GET /cache/explain for a key (and, optionally, the inputs expected to hit). */
function WhyMissed({ question }: { question: Question | null }) {
  const [key, setKey] = useState('');
  const [inputs, setInputs] = useState('');
  const [answer, setAnswer] = useState<Explanation | null>(null);
  const [error, setError] = useState('');
  const ask = async (k: string, i: string) => {
    setError('');
    try {
      const { data } = await api.get<Explanation>(
        'cache',
        `/cache/explain${q({ key: k, inputs: i.trim() })}`,
      );
      setAnswer(data);
    } catch (failure) {
      setAnswer(null);
      setError((failure as Error).message);
    }
  };
  useEffect(() => {
    if (!question) return;
    setKey(question.key);
    setInputs(question.inputs);
    void ask(question.key, question.inputs);
  }, [question]);
  const text = (v: unknown) => (v === null || v === undefined ? '(none)' : JSON.stringify(v));
  return (
    <section aria-labelledby="explain-title">
      <h2 id="explain-title">Why did this miss?</h2>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void ask(key, inputs);
        }}
      >
        <label>
          Key{' '}
          <input
            name="key"
            required
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Inputs (JSON, optional){' '}
          <input
            name="inputs"
            value={inputs}
            placeholder='{"temperature": 350}'
            onInput={(e) => setInputs((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">Explain</button>
      </form>
      {error && <p class="error">{error}</p>}
      {answer && (
        <div role="region" aria-label="Explanation">
          <p role="status">
            {answer.key}: <strong>{answer.verdict}</strong>
            {answer.invalidation &&
              ` by ${answer.invalidation.by} at ${answer.invalidation.at.slice(0, 19).replace('T', ' ')}: ${answer.invalidation.reason ?? '(no reason)'}`}
            {answer.expired_at && ` at ${answer.expired_at.slice(0, 19).replace('T', ' ')}`}
          </p>
          {answer.nearest.length > 0 && (
            <table aria-label="Nearest valid entries">
              <thead>
                <tr>
                  <th scope="col">nearest valid entry</th>
                  <th scope="col">version</th>
                  <th scope="col">differing inputs (asked vs entry)</th>
                </tr>
              </thead>
              <tbody>
                {answer.nearest.map((n) => (
                  <tr>
                    <td>{n.cache_key}</td>
                    <td>
                      {n.simulation_version}
                      {n.version_differs ? ' (other version)' : ''}
                    </td>
                    <td>
                      {!n.inputs_known
                        ? '(run not registered)'
                        : n.differing_inputs.length === 0
                          ? '(none)'
                          : n.differing_inputs
                              .map((d) => `${d.name}: ${text(d.given)} vs ${text(d.entry)}`)
                              .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {answer.notes.map((note) => (
            <p>{note}</p>
          ))}
        </div>
      )}
    </section>
  );
}

function Invalidate({ onDone }: { onDone: () => void }) {
  const audit = useLoad(
    () =>
      api.get<{ items: Invalidation[] }>('cache', '/cache/invalidations?limit=20').then((r) => r.data.items),
    [],
  );
  const [message, setMessage] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const name = String(form.get('simulation_name') ?? '').trim();
    const version = String(form.get('simulation_version') ?? '').trim();
    try {
      const { data } = await api.post<{ invalidated_count: number }>('cache', '/cache/invalidate', {
        simulation_name: name,
        ...(version ? { simulation_version: version } : {}),
        reason: String(form.get('reason') ?? '').trim(),
      });
      setMessage(`${data.invalidated_count} entries invalidated.`);
      audit.reload();
      onDone();
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };
  return (
    <section aria-labelledby="invalidate-title">
      <h2 id="invalidate-title">Invalidate</h2>
      <form onSubmit={submit} class="stack">
        <label>
          Simulation <input name="simulation_name" required />
        </label>
        <label>
          Version (optional) <input name="simulation_version" />
        </label>
        <label>
          Reason <input name="reason" required minLength={3} />
        </label>
        <button type="submit">Invalidate</button>
        {message && <p role="status">{message}</p>}
      </form>
      <h3>Audit log</h3>
      <table aria-label="Invalidations">
        <thead>
          <tr>
            <th scope="col">when</th>
            <th scope="col">who</th>
            <th scope="col">reason</th>
            <th scope="col">entries</th>
          </tr>
        </thead>
        <tbody>
          {(audit.data ?? []).map((i) => (
            <tr>
              <td>{String(i.created_at).slice(0, 19).replace('T', ' ')}</td>
              <td>{i.username}</td>
              <td>{i.reason}</td>
              <td>{i.invalidated_count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Bucket = CacheWire['StatsBucket'];

/** Hit rate and time saved per hour, from the cache service's hourly buckets. */
function History() {
  const [hours, setHours] = useState(168);
  const element = useRef<HTMLDivElement>(null);
  const series = useLoad(
    () =>
      api
        .get<{ buckets: Bucket[] }>('cache', `/cache/stats/history?hours=${hours}`)
        .then((r) => r.data.buckets),
    [hours],
  );
  useEffect(() => {
    const buckets = series.data;
    if (!buckets || !element.current) return;
    mountChart('cache-history', element.current, {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: undefined,
      grid: { left: 60, right: 60, top: 30, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: [
        { type: 'value', name: 'hit rate %', min: 0, max: 100 },
        { type: 'value', name: 'saved s' },
      ],
      series: [
        {
          name: 'hit rate %',
          type: 'line',
          symbolSize: 5,
          data: buckets
            .filter((b) => b.requests > 0)
            .map((b) => [b.start, Math.round(b.hit_rate * 1000) / 10]),
        },
        {
          name: 'time saved (s)',
          type: 'bar',
          yAxisIndex: 1,
          data: buckets.map((b) => [b.start, b.time_saved_seconds]),
        },
      ],
    });
    return () => disposeChart('cache-history');
  }, [series.data]);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Over time</h2>
      <label>
        Period{' '}
        <select
          aria-label="Period"
          value={hours}
          onChange={(e) => setHours(Number((e.target as HTMLSelectElement).value))}
        >
          <option value={24}>last day</option>
          <option value={168}>last week</option>
          <option value={720}>last 30 days</option>
        </select>
      </label>
      {series.error && <p class="error">{series.error.message}</p>}
      <div ref={element} class="chart" role="img" aria-label="Hit rate and time saved per hour" />
    </section>
  );
}
