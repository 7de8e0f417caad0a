// The one way the web talks to the server: openapi-fetch over the types generated from the API's
// OpenAPI document (`npm run gen:api` → schema.d.ts). Errors are RFC 9457 problem documents; they
// become ApiError values whose message the UI shows in the reader's language.
import createClient from 'openapi-fetch';
import type { Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** A problem document as the API sends it (application/problem+json). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly detailZh?: string;
  readonly code?: string;
  readonly field?: string;
  readonly retryAfter?: number;
  readonly errors?: readonly { readonly in?: string; readonly path: string; readonly message: string }[];
}

/** A failed API call: the HTTP status and the problem document (when the server sent one). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number'
  );
}

const unauthorizedListeners = new Set<() => void>();

/** Called when a request answers 401 (the session ended): the app shows the sign-in page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const sessionWatch: Middleware = {
  onResponse({ response, request }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me')
      for (const l of unauthorizedListeners) l();
    return undefined;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'same-origin',
});
api.use(sessionWatch);

/**
 * The data of an openapi-fetch answer, or an ApiError.
 * @example const dossier = await data(api.GET('/api/enterprises/{taxId}', { params: { path: { taxId } } }));
 */
export async function data<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const r = await pending;
  if (r.error !== undefined || !r.response.ok) {
    throw new ApiError(r.response.status, isProblem(r.error) ? r.error : null);
  }
  return r.data as T;
}

/** True for the rejection of an aborted request (a page was left before its data came). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
