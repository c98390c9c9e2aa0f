/** The console's shared pieces: the API hook that survives a sign-out, error and confirmation boxes. */
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, type Session, SignedOut } from './api.js';
import { fieldOf } from './format.js';

/** What every page may ask of the shell: who is signed in, and to sign in again then run `retry`. */
export interface Shell {
  session: Session | undefined;
  signInAgain(retry: () => void): void;
}
export const ShellContext = createContext<Shell>({ session: undefined, signInAgain: () => undefined });
export const useShell = () => useContext(ShellContext);

/**
 * Runs an API call for a page: its answer, or its error in words; a call refused for an expired session is
 * run again once the person has signed in, with the page (and what they were editing) as it was.
 */
export function useAction() {
  const shell = useShell();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(call: () => Promise<T>, done: (answer: T) => void) => {
      setBusy(true);
      setError(undefined);
      try {
        done(await call());
      } catch (caught) {
        if (caught instanceof SignedOut) shell.signInAgain(() => void run(call, done));
        else if (caught instanceof ApiError) setError(caught);
        else setError(new ApiError(0, [{ path: '', message: `The server could not be reached: ${(caught as Error).message}` }]));
      } finally {
        setBusy(false);
      }
    },
    [shell],
  );
  return { run, error, busy, clearError: () => setError(undefined) };
}

/** Loads `path` when it changes; `reload` asks again. */
export function useLoad<T>(load: (() => Promise<T>) | undefined, key: string) {
  const { run, error, busy } = useAction();
  const [data, setData] = useState<T | undefined>();
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what is loaded; `round` asks again.
  useEffect(() => {
    if (load !== undefined) void run(load, setData);
  }, [key, round]);
  return { data, error, busy, reload: () => setRound((n) => n + 1) };
}

export function Problems({ error }: { error: ApiError | undefined }) {
  if (error === undefined) return null;
  return (
    <div class="problems" role="alert">
      {error.problems.map((problem) => (
        <p key={`${problem.path}:${problem.message}`}>
          {problem.path === '' ? '' : <strong>{fieldOf(problem.path)}: </strong>}
          {problem.message}
        </p>
      ))}
    </div>
  );
}

/** A button that asks "are you sure?" in the page itself before it acts. */
export function ConfirmButton(props: { label: string; question: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span class="confirm">
      {props.question}{' '}
      <button
        type="button"
        class="primary"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        Yes, {props.label.toLowerCase()}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

export const Section = (props: { title: string; children: ComponentChildren }) => (
  <section>
    <h2>{props.title}</h2>
    {props.children}
  </section>
);
