import { useState } from 'preact/hooks';
import { api, enc } from '../api';
import { useLoad } from '../hooks';

interface Page<T> {
  items: T[];
  total: number;
}
type Row = Record<string, unknown> & { id: string | number };

const TABS = [
  {
    tab: 'users',
    label: 'Users',
    path: '/users',
    columns: ['username', 'role', 'active', 'email', 'created_at'],
  },
  {
    tab: 'tokens',
    label: 'API tokens',
    path: '/tokens?all=true',
    columns: ['name', 'username', 'privileges', 'expires_at', 'revoked_at'],
  },
  {
    tab: 'sessions',
    label: 'Sessions',
    path: '/sessions',
    columns: ['username', 'kind', 'created_at', 'expires_at', 'last_seen_at'],
  },
];

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);

export function AdminPage({ tab }: { tab: string }) {
  const current = TABS.find((t) => t.tab === tab) ?? TABS[0];
  const [message, setMessage] = useState('');
  const rows = useLoad(
    () =>
      api
        .get<Page<Row>>('auth', `${current.path}${current.path.includes('?') ? '&' : '?'}limit=100`)
        .then((r) => r.data),
    [current.tab],
  );
  const revoke = async (row: Row) => {
    const path =
      current.tab === 'tokens' ? `/tokens/${enc(String(row.id))}` : `/sessions/${enc(String(row.id))}`;
    try {
      await api.del('auth', path);
      setMessage(`Revoked ${current.tab === 'tokens' ? 'token' : 'session'} ${String(row.id)}.`);
      rows.reload();
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      <nav aria-label="Admin" class="tabs">
        {TABS.map((t) => (
          <a href={`#/admin/${t.tab}`} aria-current={t.tab === current.tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {message && <p role="status">{message}</p>}
      {rows.error && (
        <p class="error" role="alert">
          {rows.error.message}
        </p>
      )}
      {rows.data && <p class="totals">{rows.data.total} in all</p>}
      <table aria-label={current.label}>
        <thead>
          <tr>
            {current.columns.map((c) => (
              <th scope="col">{c.replace(/_/g, ' ')}</th>
            ))}
            {current.tab !== 'users' && <th scope="col">revoke</th>}
          </tr>
        </thead>
        <tbody>
          {(rows.data?.items ?? []).map((row) => (
            <tr>
              {current.columns.map((c) => (
                <td>{cell(row[c])}</td>
              ))}
              {current.tab !== 'users' && (
                <td>
                  {!row.revoked_at && (
                    <button
                      type="button"
                      onClick={() => revoke(row)}
                      aria-label={`Revoke ${cell(row.username)} ${cell(row.name ?? row.id)}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
