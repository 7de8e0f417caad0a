// Expected failures of the use cases (house rule 4): a stable machine code and a message in
// Chinese and English that is safe to show anyone (no SQL, no paths, no stack). The server maps
// the code to an HTTP status in one place; the CLI prints the message.

export type FailureCode =
  | 'bad_request'
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'rate_limited'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable';

export interface Failure {
  readonly code: FailureCode;
  readonly zh: string;
  readonly en: string;
  /** The input field at fault, when there is one. */
  readonly field?: string;
  /** For `rate_limited`: seconds until a retry can succeed. */
  readonly retryAfter?: number;
  /** Every problem found, for inputs checked as a whole (e.g. a policy): `path: message`. */
  readonly details?: readonly string[];
}

export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

/** Success. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/**
 * A failed outcome.
 * @example return fail('conflict', '用户名已存在', 'The username is taken', 'username');
 */
export function fail<T = never>(code: FailureCode, zh: string, en: string, field?: string): Outcome<T> {
  return { ok: false, error: field === undefined ? { code, zh, en } : { code, zh, en, field } };
}

/**
 * A failure thrown across layers that cannot return values (request hooks, background jobs):
 * still an expected failure with a safe message, never a bug.
 */
export class AppError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.en);
    this.name = 'AppError';
    this.failure = failure;
  }
}

/**
 * The value of an outcome, or an AppError carrying its failure.
 * @example const user = unwrap(await createUser(store, input, actor));
 */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new AppError(outcome.error);
}

/** The not-found failure, worded for the thing looked up. */
export function notFound(whatZh: string, whatEn: string): Failure {
  return { code: 'not_found', zh: `未找到${whatZh}`, en: `${whatEn} not found` };
}
