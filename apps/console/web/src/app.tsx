import { useEffect, useState } from 'preact/hooks';
import { api, type Session } from './api';
import { go, useRoute } from './hooks';
import { AdminPage } from './pages/admin';
import { CachePage } from './pages/cache';
import { CatalogPage } from './pages/catalog';
import { ResultsPage } from './pages/results';
import { RunPage } from './pages/run';

/** What each role sees in the menu; the services refuse the rest whatever the page shows. */
const PAGES: { path: string; label: string; roles: Session['role'][] }[] = [
  { path: 'results', label: 'Results', roles: ['user', 'developer', 'admin', null] },
  { path: 'catalog', label: 'Catalog', roles: ['user', 'developer', 'admin', null] },
  { path: 'cache', label: 'Cache', roles: ['user', 'developer', 'admin', null] },
  { path: 'admin', label: 'Admin', roles: ['admin'] },
];

export const mayAdmin = (s: Session) => s.role === 'admin';

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    api.session().then(setSession, () => setSession(null));
    const out = () => setSession(null);
    window.addEventListener('signed-out', out);
    return () => window.removeEventListener('signed-out', out);
  }, []);
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;
  return <Shell session={session} onSignedOut={() => setSession(null)} />;
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api.login(String(form.get('username')), String(form.get('password'))));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Simvault</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Username
          <input name="username" autocomplete="username" required autofocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

function Shell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const { parts, params } = useRoute();
  const page = parts[0] ?? 'results';
  const visible = PAGES.filter((p) => p.roles.includes(session.role));
  useEffect(() => {
    if (parts.length === 0) go('results');
  }, [parts.length]);
  const signOut = async () => {
    await api.logout().catch(() => undefined);
    onSignedOut();
  };
  return (
    <>
      <header>
        <strong>Simvault</strong>
        <nav aria-label="Main">
          {visible.map((p) => (
            <a href={`#/${p.path}`} aria-current={page === p.path ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        <span class="who">
          {session.username} ({session.role ?? 'anonymous'})
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {page === 'results' && <ResultsPage params={params} />}
        {page === 'run' && parts[1] && <RunPage executionId={parts[1]} />}
        {page === 'catalog' && <CatalogPage key={params.get('q') ?? ''} initial={params.get('q') ?? ''} />}
        {page === 'cache' && <CachePage session={session} />}
        {page === 'admin' &&
          (mayAdmin(session) ? (
            <AdminPage key={parts[1] ?? 'users'} tab={parts[1] ?? 'users'} />
          ) : (
            <p class="error" role="alert">
              The admin pages are for administrators; you are signed in as a {session.role ?? 'guest'}.
            </p>
          ))}
        {!['results', 'run', 'catalog', 'cache', 'admin'].includes(page) && <p>No such page.</p>}
      </main>
    </>
  );
}
