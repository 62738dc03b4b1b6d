import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Session } from '../api';
import { disposeChart, mountChart } from '../charts';
import { useLoad } from '../hooks';
import type { CacheWire } from '../wire';

type Stats = CacheWire['CacheStatsResponse'];
type Entry = CacheWire['EntryResponse'];
type Invalidation = CacheWire['InvalidationResponse'];

export function CachePage({ session }: { session: Session }) {
  const stats = useLoad(() => api.get<Stats>('cache', '/cache/stats').then((r) => r.data), []);
  const entries = useLoad(
    () =>
      api.get<{ entries: Entry[]; total: number }>('cache', '/cache/entries?limit=25').then((r) => r.data),
    [],
  );
  const mayInvalidate = session.privileges.includes('cache_invalidate');
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
            </tr>
          ))}
        </tbody>
      </table>
      {mayInvalidate && <Invalidate onDone={() => (stats.reload(), entries.reload())} />}
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
