// Who is signed in (GET /api/auth/me), sign-in and sign-out. The session is an HTTP-only cookie
// the browser keeps; the UI only knows whether the server accepts it.
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, data, onUnauthorized } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type AuthState =
  | { readonly status: 'loading' }
  | { readonly status: 'anonymous' }
  | { readonly status: 'signed-in'; readonly me: Me };

interface Auth {
  readonly state: AuthState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const Context = createContext<Auth | null>(null);

/**
 * Whether this browser signed in and has not signed out: a hint (not a secret — the session is the
 * HTTP-only cookie) that spares an anonymous visitor a 401 from GET /api/auth/me.
 */
const HINT_KEY = 'oresight.signedIn';

function setHint(on: boolean): void {
  try {
    if (on) window.localStorage.setItem(HINT_KEY, '1');
    else window.localStorage.removeItem(HINT_KEY);
  } catch {
    // Storage blocked: /me is then asked every time.
  }
}

function hasHint(): boolean {
  try {
    return window.localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() =>
    hasHint() ? { status: 'loading' } : { status: 'anonymous' },
  );
  useEffect(() => {
    let live = true;
    if (hasHint())
      api.GET('/api/auth/me').then(
        (r) => {
          if (!live) return;
          setHint(r.data !== undefined);
          setState(r.data ? { status: 'signed-in', me: r.data } : { status: 'anonymous' });
        },
        () => live && setState({ status: 'anonymous' }),
      );
    const off = onUnauthorized(() => {
      setHint(false);
      setState({ status: 'anonymous' });
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  const signIn = useCallback(async (username: string, password: string) => {
    const me = await data(api.POST('/api/auth/login', { body: { username, password } }));
    setHint(true);
    setState({ status: 'signed-in', me });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/auth/logout');
    } finally {
      setHint(false);
      setState({ status: 'anonymous' });
    }
  }, []);
  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user (screens behind the sign-in gate only). */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe before sign-in');
  return state.me;
}

/** True when the signed-in user's role carries the permission. */
export function useCan(permission: 'users' | 'import' | 'inspect'): boolean {
  return useMe().permissions.includes(permission);
}

/**
 * Administrators and analysts manage campaigns, tasks, approvals, publications and the audit log
 * (docs/campaigns.md, "Who may do what"); the server enforces it, the UI only hides what would be
 * refused.
 */
export function useIsManager(): boolean {
  const role = useMe().user.role;
  return role === 'admin' || role === 'analyst';
}

/** Everyone but viewers may register, work tasks, request overrides and file appeals. */
export function useCanWork(): boolean {
  return useMe().user.role !== 'viewer';
}
