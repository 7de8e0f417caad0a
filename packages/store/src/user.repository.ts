// Users, sessions and API tokens (issue 5). Tokens are looked up by their SHA-256 only; the
// app layer (packages/app/src/users) hashes passwords and tokens and decides what is valid.
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { ApiTokenTable, Database, SessionTable, UserTable } from './schema.ts';
import { containsText } from './text-match.ts';

export type UserRow = Selectable<UserTable>;
export type NewUser = Omit<UserRow, 'id'>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type NewApiToken = Omit<ApiTokenRow, 'id'>;

/**
 * Stores a new user and returns its id (the username must be free: unique index).
 * @example const id = await insertUser(db, { username: 'li', role: 'inspector', regions: '150000', … });
 */
export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<number> {
  const r = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function getUserByName(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function getUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UserQuery {
  role?: string;
  /** Substring of the username. */
  q?: string;
  disabled?: boolean;
  sort?: 'username' | 'createdAt' | 'role';
  desc?: boolean;
  limit?: number;
  offset?: number;
}

/** Users, paged and filtered. */
export async function listUsers(
  db: Kysely<Database>,
  q: UserQuery = {},
): Promise<{ items: UserRow[]; total: number }> {
  let base = db.selectFrom('users');
  if (q.role) base = base.where('role', '=', q.role);
  if (q.disabled !== undefined) base = base.where('disabled', '=', q.disabled ? 1 : 0);
  if (q.q) base = base.where(containsText(sql.ref('username'), q.q));
  const direction = q.desc ? 'desc' : 'asc';
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(q.sort ?? 'username', direction)
      .orderBy('id', direction)
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<NewUser, 'username' | 'createdAt'>>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Deletes a user with its sessions and tokens. */
export async function deleteUser(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', id).execute();
  await db.deleteFrom('apiTokens').where('userId', '=', id).execute();
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Enabled users with this role (to keep at least one administrator). */
export async function countActiveUsersWithRole(db: Kysely<Database>, role: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSession(db: Kysely<Database>, session: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/**
 * A session (by token hash) with its user, whatever its state: the caller checks expiry,
 * revocation and whether the user is disabled.
 */
export async function getSessionWithUser(
  db: Kysely<Database>,
  id: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .selectAll('users')
    .select([
      'sessions.id as sId',
      'sessions.userId as sUserId',
      'sessions.createdAt as sCreatedAt',
      'sessions.expiresAt as sExpiresAt',
      'sessions.lastSeenAt as sLastSeenAt',
      'sessions.revokedAt as sRevokedAt',
      'sessions.ip as sIp',
      'sessions.userAgent as sUserAgent',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const { sId, sUserId, sCreatedAt, sExpiresAt, sLastSeenAt, sRevokedAt, sIp, sUserAgent, ...user } = r;
  return {
    session: {
      id: sId,
      userId: Number(sUserId),
      createdAt: sCreatedAt,
      expiresAt: sExpiresAt,
      lastSeenAt: sLastSeenAt,
      revokedAt: sRevokedAt,
      ip: sIp,
      userAgent: sUserAgent,
    },
    user,
  };
}

export async function touchSession(
  db: Kysely<Database>,
  id: string,
  lastSeenAt: string,
  expiresAt: string,
): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt, expiresAt }).where('id', '=', id).execute();
}

export async function revokeSession(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
}

/** Revokes every open session of a user (password change, role change, disabling), but `keep`. */
export async function revokeSessionsOfUser(
  db: Kysely<Database>,
  userId: number,
  at: string,
  keep?: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revokedAt: at })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null);
  if (keep) q = q.where('id', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Forgets sessions that expired or were revoked before `before` (housekeeping). */
export async function deleteStaleSessions(db: Kysely<Database>, before: string): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<', before), eb('revokedAt', '<', before)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertApiToken(db: Kysely<Database>, token: NewApiToken): Promise<number> {
  const r = await db.insertInto('apiTokens').values(token).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** An API token (by hash) with its user, whatever its state (one query: it runs on every scripted request). */
export async function getApiTokenWithUser(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
  const r = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .selectAll('users')
    .select([
      'apiTokens.id as tId',
      'apiTokens.userId as tUserId',
      'apiTokens.name as tName',
      'apiTokens.tokenHash as tTokenHash',
      'apiTokens.prefix as tPrefix',
      'apiTokens.createdAt as tCreatedAt',
      'apiTokens.expiresAt as tExpiresAt',
      'apiTokens.lastUsedAt as tLastUsedAt',
      'apiTokens.revokedAt as tRevokedAt',
    ])
    .where('apiTokens.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!r) return undefined;
  const {
    tId,
    tUserId,
    tName,
    tTokenHash,
    tPrefix,
    tCreatedAt,
    tExpiresAt,
    tLastUsedAt,
    tRevokedAt,
    ...user
  } = r;
  return {
    token: {
      id: Number(tId),
      userId: Number(tUserId),
      name: tName,
      tokenHash: tTokenHash,
      prefix: tPrefix,
      createdAt: tCreatedAt,
      expiresAt: tExpiresAt,
      lastUsedAt: tLastUsedAt,
      revokedAt: tRevokedAt,
    },
    user,
  };
}

export async function listApiTokens(
  db: Kysely<Database>,
  q: { userId?: number; includeRevoked?: boolean } = {},
): Promise<(ApiTokenRow & { username: string })[]> {
  let query = db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .selectAll('apiTokens')
    .select('users.username');
  if (q.userId !== undefined) query = query.where('apiTokens.userId', '=', q.userId);
  if (!q.includeRevoked) query = query.where('apiTokens.revokedAt', 'is', null);
  const rows = await query.orderBy('apiTokens.id').execute();
  return rows.map((r) => ({ ...r, userId: Number(r.userId) }));
}

export async function getApiToken(db: Kysely<Database>, id: number): Promise<ApiTokenRow | undefined> {
  const r = await db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...r, userId: Number(r.userId) } : undefined;
}

export async function revokeApiToken(db: Kysely<Database>, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('apiTokens')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchApiToken(db: Kysely<Database>, id: number, at: string): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
}
