// Sign-in, sessions and API tokens (issue 5). Sessions and tokens are random 256-bit secrets;
// the store keeps only their SHA-256, so reading the database gives no way in. Every sign-in,
// successful or not, is written to the audit log.
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '@oresight/store';
import {
  appendAudit,
  deleteStaleSessions,
  getApiToken,
  getApiTokenWithUser,
  getSessionWithUser,
  getUserByName,
  insertApiToken,
  insertSession,
  listApiTokens,
  nowIso,
  revokeApiToken,
  revokeSession,
  touchApiToken,
  touchSession,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { verifyAgainstNothing, verifyPassword } from './password.ts';
import type { Actor } from './roles.ts';
import { toActor } from './users.ts';

export interface SessionPolicy {
  /** A session ends after this long without use (default 8 hours). */
  readonly idleMs: number;
  /** …and at the latest this long after sign-in (default 7 days). */
  readonly absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 8 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

/** Writing `last_seen_at` on every request would turn every read into a write: once in 5 minutes. */
const TOUCH_EVERY_MS = 5 * 60_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function secret(): string {
  return randomBytes(32).toString('base64url');
}

export interface SignInInput {
  readonly username: string;
  readonly password: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface SignedIn {
  /** The cookie value: shown to the client once, stored only as a hash. */
  readonly token: string;
  readonly sessionId: string;
  readonly expiresAt: string;
  readonly actor: Actor;
}

const WRONG = fail<never>('unauthorized', '用户名或密码不正确', 'Wrong username or password');

/** A username as it may appear in the audit log (attackers choose it: bound it). */
function loggedName(username: string): string {
  return username.normalize('NFC').trim().slice(0, 64);
}

/**
 * Checks a username and password and opens a session. Unknown users, wrong passwords and
 * disabled accounts get the same answer (and take the same time).
 * @example const r = await signIn(store, { username: 'admin', password, ip: '127.0.0.1', userAgent: null });
 */
export async function signIn(
  store: Store,
  input: SignInInput,
  options: { throttle?: LoginThrottle; policy?: SessionPolicy; now?: () => number } = {},
): Promise<Outcome<SignedIn>> {
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const now = options.now ?? Date.now;
  const username = loggedName(input.username);
  const audit = async (action: string, details: Record<string, unknown>) =>
    store.transaction((tx) =>
      appendAudit(tx, {
        actor: username,
        action,
        subject: `user:${username}`,
        details: { ip: input.ip, ...details },
      }),
    );

  const wait = options.throttle?.retryAfter(username, now()) ?? 0;
  if (wait > 0) {
    await audit('auth.login_failed', { reason: 'throttled' });
    return {
      ok: false,
      error: {
        code: 'rate_limited',
        zh: `该账号登录失败次数过多，请 ${wait} 秒后再试`,
        en: `Too many failed sign-ins for this account: try again in ${wait} s`,
        retryAfter: wait,
      },
    };
  }

  const row = await getUserByName(store.db, username);
  const valid = row
    ? await verifyPassword(input.password, row.passwordHash)
    : await verifyAgainstNothing(input.password);
  if (!row || !valid || row.disabled === 1) {
    options.throttle?.recordFailure(username, now());
    await audit('auth.login_failed', {
      reason: !row ? 'unknown_user' : !valid ? 'wrong_password' : 'disabled',
    });
    return WRONG;
  }
  options.throttle?.recordSuccess(username);

  const token = secret();
  const sessionId = sha256(token);
  const created = now();
  const expiresAt = new Date(Math.min(created + policy.idleMs, created + policy.absoluteMs)).toISOString();
  const at = new Date(created).toISOString();
  await store.transaction(async (tx) => {
    await insertSession(tx.db, {
      id: sessionId,
      userId: Number(row.id),
      createdAt: at,
      expiresAt,
      lastSeenAt: at,
      revokedAt: null,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await appendAudit(tx, {
      actor: username,
      action: 'auth.login',
      subject: `user:${username}`,
      details: { ip: input.ip, session: sessionId.slice(0, 12) },
    });
  });
  // Housekeeping: sessions that ended more than a day ago are of no use to anyone.
  await deleteStaleSessions(store.db, new Date(created - 24 * 3600_000).toISOString());
  return ok({ token, sessionId, expiresAt, actor: toActor(row) });
}

export interface ResolvedSession {
  readonly actor: Actor;
  readonly sessionId: string;
  readonly expiresAt: string;
}

/**
 * The user behind a session cookie, or undefined when the session is unknown, expired, revoked
 * or its user disabled. Extends the idle expiry (at most every few minutes).
 */
export async function resolveSession(
  store: Store,
  token: string,
  options: { policy?: SessionPolicy; now?: () => number } = {},
): Promise<ResolvedSession | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const now = (options.now ?? Date.now)();
  const found = await getSessionWithUser(store.db, sha256(token));
  if (!found) return undefined;
  const { session, user } = found;
  if (session.revokedAt !== null || user.disabled === 1 || Date.parse(session.expiresAt) <= now)
    return undefined;
  let expiresAt = session.expiresAt;
  if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    expiresAt = new Date(
      Math.min(now + policy.idleMs, Date.parse(session.createdAt) + policy.absoluteMs),
    ).toISOString();
    await touchSession(store.db, session.id, new Date(now).toISOString(), expiresAt);
  }
  return { actor: toActor(user), sessionId: session.id, expiresAt };
}

/**
 * Ends a session (sign-out): the cookie stops working at once, on every server sharing the store.
 */
export async function signOut(store: Store, sessionId: string, actor: Actor): Promise<void> {
  await store.transaction(async (tx) => {
    await revokeSession(tx.db, sessionId, nowIso());
    await appendAudit(tx, {
      actor: actor.username,
      action: 'auth.logout',
      subject: `user:${actor.username}`,
      details: { session: sessionId.slice(0, 12) },
    });
  });
}

/** API tokens look like `ore_<43 characters>`; the prefix tells them apart from session cookies in logs. */
const TOKEN_PREFIX = 'ore_';

export interface ApiTokenView {
  readonly id: number;
  readonly username: string;
  readonly name: string;
  /** The first characters of the token, to recognise it. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/**
 * Creates an API token for `username` (for scripts: `Authorization: Bearer <token>`). The token
 * is returned once; only its hash is stored.
 * @example const r = await createApiToken(store, 'etl', { name: 'nightly import' }, 'admin');
 */
export async function createApiToken(
  store: Store,
  username: string,
  input: { name: string; expiresInDays?: number },
  by: string,
): Promise<Outcome<{ token: string; view: ApiTokenView }>> {
  const user = await getUserByName(store.db, username);
  if (!user) return { ok: false, error: notFound(`用户 ${username}`, `User ${username}`) };
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100)
    return fail('invalid', '令牌名称须为 1–100 个字符', 'A token name has 1–100 characters', 'name');
  if (
    input.expiresInDays !== undefined &&
    !(Number.isInteger(input.expiresInDays) && input.expiresInDays > 0)
  )
    return fail(
      'invalid',
      '有效天数须为正整数',
      'expiresInDays must be a positive whole number',
      'expiresInDays',
    );
  const token = `${TOKEN_PREFIX}${secret()}`;
  const createdAt = nowIso();
  const expiresAt =
    input.expiresInDays === undefined
      ? null
      : new Date(Date.parse(createdAt) + input.expiresInDays * 86_400_000).toISOString();
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const id = await store.transaction(async (tx) => {
    const tokenId = await insertApiToken(tx.db, {
      userId: Number(user.id),
      name,
      tokenHash: sha256(token),
      prefix,
      createdAt,
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    await appendAudit(tx, {
      actor: by,
      action: 'token.create',
      subject: `user:${username}`,
      details: { tokenId, name, prefix, expiresAt },
    });
    return tokenId;
  });
  return ok({
    token,
    view: { id, username, name, prefix, createdAt, expiresAt, lastUsedAt: null, revokedAt: null },
  });
}

/**
 * The user behind an API token, or undefined when it is unknown, revoked, expired or its user
 * disabled.
 */
export async function resolveApiToken(
  store: Store,
  token: string,
  options: { now?: () => number } = {},
): Promise<{ actor: Actor; tokenId: number } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined;
  const now = (options.now ?? Date.now)();
  const found = await getApiTokenWithUser(store.db, sha256(token));
  if (!found) return undefined;
  const { token: row, user } = found;
  if (row.revokedAt !== null || user.disabled === 1) return undefined;
  if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now) return undefined;
  if (row.lastUsedAt === null || now - Date.parse(row.lastUsedAt) >= TOUCH_EVERY_MS)
    await touchApiToken(store.db, Number(row.id), new Date(now).toISOString());
  return { actor: toActor(user), tokenId: Number(row.id) };
}

/** Tokens (without secrets), of one user or of everyone. */
export async function listApiTokenViews(
  store: Store,
  q: { username?: string; includeRevoked?: boolean } = {},
): Promise<ApiTokenView[]> {
  let userId: number | undefined;
  if (q.username !== undefined) {
    const user = await getUserByName(store.db, q.username);
    if (!user) return [];
    userId = Number(user.id);
  }
  const rows = await listApiTokens(store.db, {
    ...(userId !== undefined ? { userId } : {}),
    includeRevoked: q.includeRevoked ?? false,
  });
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
  }));
}

/**
 * Revokes a token. `owner` limits it to that user's tokens (a user revoking their own); without
 * it (an administrator) any token.
 */
export async function revokeApiTokenById(
  store: Store,
  id: number,
  by: string,
  owner?: number,
): Promise<Outcome<null>> {
  const row = await getApiToken(store.db, id);
  if (!row || (owner !== undefined && row.userId !== owner) || row.revokedAt !== null)
    return { ok: false, error: notFound(`令牌 ${id}`, `Token ${id}`) };
  await store.transaction(async (tx) => {
    await revokeApiToken(tx.db, id, nowIso());
    await appendAudit(tx, {
      actor: by,
      action: 'token.revoke',
      subject: `token:${id}`,
      details: { prefix: row.prefix },
    });
  });
  return ok(null);
}
