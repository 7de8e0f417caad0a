// User accounts (issue 5): create, list, change role and regions, disable, set passwords,
// delete. Every change is written together with its audit entry, in one transaction.
import type { Store, UserRow } from '@oresight/store';
import {
  appendAudit,
  countActiveUsersWithRole,
  deleteUser,
  getUserByName,
  insertUser,
  listUsers,
  nowIso,
  revokeSessionsOfUser,
  updateUser,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { Actor, UserRole } from './roles.ts';
import { isUserRole, joinRegions, regionCodeProblem, splitRegions } from './roles.ts';

/** A user as shown to administrators and to the user themself (never the password hash). */
export interface UserView {
  readonly id: number;
  readonly username: string;
  readonly role: UserRole;
  readonly regions: readonly string[];
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly passwordChangedAt: string;
}

/** The actor as a stored user row describes it; a row with an unknown role is a bug. */
export function toUserView(row: UserRow): UserView {
  if (!isUserRole(row.role)) throw new Error(`user ${row.username} has an unknown role "${row.role}"`);
  return {
    id: Number(row.id),
    username: row.username,
    role: row.role,
    regions: splitRegions(row.regions),
    disabled: row.disabled === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    passwordChangedAt: row.passwordChangedAt,
  };
}

/** The actor (role and scope) of a stored user. */
export function toActor(row: UserRow): Actor {
  const view = toUserView(row);
  return { id: view.id, username: view.username, role: view.role, regions: view.regions };
}

const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{1,63}$/u;

function usernameProblem(username: string): Outcome<never> | undefined {
  if (!USERNAME.test(username))
    return fail(
      'invalid',
      '用户名须为 2–64 个字母、数字、点、下划线或连字符，并以字母或数字开头',
      'A username has 2–64 letters, digits, dots, underscores or hyphens and starts with a letter or digit',
      'username',
    );
  return undefined;
}

/** Role and regions must fit together: inspectors need regions, admins and analysts have none. */
function scopeProblem(role: string, regions: readonly string[]): Outcome<never> | undefined {
  if (!isUserRole(role))
    return fail(
      'invalid',
      `未知角色 "${role}"：可选 admin、analyst、inspector、viewer`,
      `Unknown role "${role}": use admin, analyst, inspector or viewer`,
      'role',
    );
  for (const code of regions) {
    const problem = regionCodeProblem(code);
    if (problem) return fail('invalid', problem.zh, problem.en, 'regions');
  }
  if (role === 'inspector' && regions.length === 0)
    return fail(
      'invalid',
      '稽查员必须指定至少一个辖区（省级或市级代码）',
      'An inspector needs at least one region (a province or city code)',
      'regions',
    );
  if ((role === 'admin' || role === 'analyst') && regions.length > 0)
    return fail(
      'invalid',
      '管理员和分析员面向全国，不能限定辖区',
      'Administrators and analysts work nationally: they take no regions',
      'regions',
    );
  return undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

export interface NewUserInput {
  readonly username: string;
  readonly role: string;
  readonly regions?: readonly string[];
  /** Omitted: a strong password is generated and returned once. */
  readonly password?: string;
}

/**
 * Creates a user. Without a password one is generated and returned (shown once, never stored).
 * @example const r = await createUser(store, { username: 'li', role: 'inspector', regions: ['150000'] }, 'admin');
 */
export async function createUser(
  store: Store,
  input: NewUserInput,
  by: string,
): Promise<Outcome<{ user: UserView; generatedPassword: string | null }>> {
  const username = input.username.normalize('NFC').trim();
  const regions = [...new Set(input.regions ?? [])];
  const invalid = usernameProblem(username) ?? scopeProblem(input.role, regions);
  if (invalid) return invalid;
  const generated = input.password === undefined ? generatePassword(username) : null;
  const password = input.password ?? (generated as string);
  const weak = passwordProblem(password, username);
  if (weak) return fail('invalid', weak.zh, weak.en, 'password');
  if (await getUserByName(store.db, username)) return taken(username);
  const passwordHash = await hashPassword(password);
  const now = nowIso();
  try {
    const row = await store.transaction(async (tx) => {
      const fresh = {
        username,
        role: input.role,
        regions: joinRegions(regions),
        passwordHash,
        disabled: 0,
        createdAt: now,
        updatedAt: now,
        passwordChangedAt: now,
      };
      const id = await insertUser(tx.db, fresh);
      await appendAudit(tx, {
        actor: by,
        action: 'user.create',
        subject: `user:${username}`,
        details: { role: input.role, regions: fresh.regions, passwordGenerated: generated !== null },
      });
      return { id, ...fresh };
    });
    return ok({ user: toUserView(row), generatedPassword: generated });
  } catch (error) {
    if (isUniqueViolation(error)) return taken(username);
    throw error;
  }
}

function taken(username: string): Outcome<never> {
  return fail('conflict', `用户名 "${username}" 已存在`, `The username "${username}" is taken`, 'username');
}

export interface UserListQuery {
  readonly role?: UserRole;
  readonly q?: string;
  readonly disabled?: boolean;
  readonly sort?: 'username' | 'createdAt' | 'role';
  readonly desc?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** Users, paged (administrators only: the caller checks). */
export async function listUserAccounts(
  store: Store,
  query: UserListQuery,
): Promise<{ items: UserView[]; total: number }> {
  const { items, total } = await listUsers(store.db, query);
  return { items: items.map(toUserView), total };
}

export async function getUserAccount(store: Store, username: string): Promise<UserView | undefined> {
  const row = await getUserByName(store.db, username);
  return row ? toUserView(row) : undefined;
}

export interface UserChanges {
  readonly role?: string;
  readonly regions?: readonly string[];
  readonly disabled?: boolean;
}

/** Keeps one enabled administrator: nobody can lock the whole system out of user management. */
async function wouldRemoveLastAdmin(store: Store, row: UserRow, next: { role: string; disabled: boolean }) {
  const isActiveAdmin = row.role === 'admin' && row.disabled === 0;
  const staysActiveAdmin = next.role === 'admin' && !next.disabled;
  return isActiveAdmin && !staysActiveAdmin && (await countActiveUsersWithRole(store.db, 'admin')) <= 1;
}

const LAST_ADMIN = fail<never>(
  'conflict',
  '不能停用或降级最后一个管理员',
  'The last enabled administrator cannot be disabled, demoted or deleted',
);

/**
 * Changes a user's role, regions or disabled state. Disabling ends the user's sessions.
 * @example await updateUserAccount(store, 'li', { regions: ['150200'] }, 'admin');
 */
export async function updateUserAccount(
  store: Store,
  username: string,
  changes: UserChanges,
  by: string,
): Promise<Outcome<UserView>> {
  const row = await getUserByName(store.db, username);
  if (!row) return { ok: false, error: notFound(`用户 ${username}`, `User ${username}`) };
  const role = changes.role ?? row.role;
  // A new role without new regions: drop regions the new role cannot have, keep the rest.
  const regions =
    changes.regions !== undefined
      ? [...new Set(changes.regions)]
      : role === 'admin' || role === 'analyst'
        ? []
        : splitRegions(row.regions);
  const disabled = changes.disabled ?? row.disabled === 1;
  const invalid = scopeProblem(role, regions);
  if (invalid) return invalid;
  if (await wouldRemoveLastAdmin(store, row, { role, disabled })) return LAST_ADMIN;
  const now = nowIso();
  const next = { role, regions: joinRegions(regions), disabled: disabled ? 1 : 0, updatedAt: now };
  await store.transaction(async (tx) => {
    await updateUser(tx.db, Number(row.id), next);
    if (disabled && row.disabled === 0) await revokeSessionsOfUser(tx.db, Number(row.id), now);
    await appendAudit(tx, {
      actor: by,
      action: 'user.update',
      subject: `user:${username}`,
      details: {
        before: { role: row.role, regions: row.regions, disabled: row.disabled === 1 },
        after: { role, regions: next.regions, disabled },
      },
    });
  });
  return ok(toUserView({ ...row, ...next }));
}

/**
 * Sets a user's password (administrator or CLI): the given one, or a generated one returned
 * once. Every session of the user ends.
 * @example const r = await setUserPassword(store, 'li', undefined, 'admin'); // r.value.generatedPassword
 */
export async function setUserPassword(
  store: Store,
  username: string,
  password: string | undefined,
  by: string,
): Promise<Outcome<{ generatedPassword: string | null }>> {
  const row = await getUserByName(store.db, username);
  if (!row) return { ok: false, error: notFound(`用户 ${username}`, `User ${username}`) };
  const generated = password === undefined ? generatePassword(username) : null;
  const next = password ?? (generated as string);
  const weak = passwordProblem(next, username);
  if (weak) return fail('invalid', weak.zh, weak.en, 'password');
  await storePassword(store, row, next, by, undefined);
  return ok({ generatedPassword: generated });
}

async function storePassword(
  store: Store,
  row: UserRow,
  password: string,
  by: string,
  keepSession: string | undefined,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const now = nowIso();
  await store.transaction(async (tx) => {
    await updateUser(tx.db, Number(row.id), { passwordHash, passwordChangedAt: now, updatedAt: now });
    const ended = await revokeSessionsOfUser(tx.db, Number(row.id), now, keepSession);
    await appendAudit(tx, {
      actor: by,
      action: 'user.password',
      subject: `user:${row.username}`,
      details: { sessionsEnded: ended },
    });
  });
}

/**
 * A user changes their own password: the current one must be right. Their other sessions end;
 * the one they are using (`keepSession`, a session id) stays.
 */
export async function changeOwnPassword(
  store: Store,
  actor: Actor,
  current: string,
  next: string,
  keepSession: string | undefined,
): Promise<Outcome<null>> {
  const row = await getUserByName(store.db, actor.username);
  if (!row) return { ok: false, error: notFound(`用户 ${actor.username}`, `User ${actor.username}`) };
  if (!(await verifyPassword(current, row.passwordHash)))
    return fail('invalid', '当前密码不正确', 'The current password is wrong', 'currentPassword');
  const weak = passwordProblem(next, row.username);
  if (weak) return fail('invalid', weak.zh, weak.en, 'newPassword');
  await storePassword(store, row, next, actor.username, keepSession);
  return ok(null);
}

/**
 * Deletes a user with their sessions and tokens. Nobody deletes themself or the last administrator.
 * @example await deleteUserAccount(store, 'li', adminActor);
 */
export async function deleteUserAccount(store: Store, username: string, by: Actor): Promise<Outcome<null>> {
  const row = await getUserByName(store.db, username);
  if (!row) return { ok: false, error: notFound(`用户 ${username}`, `User ${username}`) };
  if (Number(row.id) === by.id)
    return fail('conflict', '不能删除自己的账号', 'You cannot delete your own account');
  if (await wouldRemoveLastAdmin(store, row, { role: 'none', disabled: true })) return LAST_ADMIN;
  await store.transaction(async (tx) => {
    await deleteUser(tx.db, Number(row.id));
    await appendAudit(tx, {
      actor: by.username,
      action: 'user.delete',
      subject: `user:${username}`,
      details: { role: row.role, regions: row.regions },
    });
  });
  return ok(null);
}
