// A user's action against the API (save, approve, move a task): busy while it runs, its error
// kept to show beside the button, its result handed to the caller.
import { useCallback, useRef, useState } from 'react';

export interface Action<A extends unknown[]> {
  readonly busy: boolean;
  readonly error: unknown;
  run(...args: A): Promise<void>;
}

/**
 * @example const save = useAction(async (body: Body) => { await data(api.POST(…)); reload(); });
 *          <button disabled={save.busy} onClick={() => void save.run(body)} />
 */
export function useAction<A extends unknown[]>(perform: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const performRef = useRef(perform);
  performRef.current = perform;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await performRef.current(...args);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
