/**
 * The console (SPEC §10): a shell with the person's session, a page per URL (`#/grid`, `#/orders`,
 * `#/orders/<id>`, `#/work`, `#/health`) and the sign-in, which shows over the page so that a session that
 * ends loses nothing the person was editing.
 */
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, keepSession, type Session, signIn, storedSession } from './api.js';
import { GridPage } from './pages/grid.js';
import { HealthPage } from './pages/health.js';
import { OrderPage, OrdersPage } from './pages/orders.js';
import { WorkPage } from './pages/work.js';
import { Problems, type Shell, ShellContext } from './ui.js';

/** The page a hash names: `#/orders?q=123` → `orders`, `[]`, `{q: '123'}`. */
function routeOf(hash: string): { page: string; rest: string[]; query: URLSearchParams } {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = 'grid', ...rest] = path.split('/').map(decodeURIComponent);
  return { page: page === '' ? 'grid' : page, rest, query: new URLSearchParams(search) };
}

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function SignIn(props: { again: boolean; onSignedIn: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await signIn(username, password, newPassword);
      if ('needsNewPassword' in result) setNewPassword('');
      else props.onSignedIn(result);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, [{ path: '', message: (caught as Error).message }]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="overlay">
      <form class="sign-in" onSubmit={submit} aria-label="sign in">
        <h1>Channel Hub</h1>
        {props.again ? <p class="note">Your session has ended. Sign in again to carry on where you were.</p> : null}
        <label>
          User name
          <input
            name="username"
            autocomplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        {newPassword === undefined ? null : (
          <label>
            Choose a new password
            <input
              name="new-password"
              type="password"
              autocomplete="new-password"
              value={newPassword}
              onInput={(e) => setNewPassword(e.currentTarget.value)}
              required
            />
          </label>
        )}
        <Problems error={error} />
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </div>
  );
}

const PAGES = [
  ['grid', 'Rates & availability'],
  ['orders', 'Orders'],
  ['work', 'Work'],
  ['health', 'Channels'],
] as const;

function App() {
  const hash = useHash();
  const route = useMemo(() => routeOf(hash), [hash]);
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [again, setAgain] = useState(false);
  const retries = useRef<(() => void)[]>([]);
  const shell: Shell = useMemo(
    () => ({
      session,
      signInAgain: (retry) => {
        retries.current.push(retry);
        setAgain(true);
        setSession(undefined);
      },
    }),
    [session],
  );
  // The access token expires (an hour by default): the sign-in comes back over the page when it does.
  useEffect(() => {
    if (session === undefined) return;
    const timer = setTimeout(() => shell.signInAgain(() => undefined), Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session, shell]);
  const signedIn = (next: Session) => {
    setSession(next);
    const pending = retries.current;
    retries.current = [];
    for (const retry of pending) retry();
  };
  const signOut = () => {
    keepSession(undefined);
    retries.current = [];
    setAgain(false);
    setSession(undefined);
  };
  let page = <GridPage query={route.query} />;
  if (route.page === 'orders' && route.rest[0] !== undefined) page = <OrderPage id={route.rest[0]} />;
  else if (route.page === 'orders') page = <OrdersPage query={route.query} />;
  else if (route.page === 'work') page = <WorkPage />;
  else if (route.page === 'health') page = <HealthPage />;
  return (
    <ShellContext.Provider value={shell}>
      <header>
        <strong class="brand">Channel Hub</strong>
        <nav>
          {PAGES.map(([name, label]) => (
            <a key={name} href={`#/${name}`} class={route.page === name ? 'current' : ''}>
              {label}
            </a>
          ))}
        </nav>
        {session === undefined ? null : (
          <span class="who">
            {session.username} ({session.groups.join(', ') || 'no group'}){' '}
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </span>
        )}
      </header>
      {/* Pages mount only once someone has signed in; afterwards they stay while the sign-in shows over them. */}
      <main>{session === undefined && !again ? null : page}</main>
      {session === undefined ? <SignIn again={again} onSignedIn={signedIn} /> : null}
    </ShellContext.Provider>
  );
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
