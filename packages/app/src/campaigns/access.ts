// Who may do what in the campaign workflow (issue 7). The rules live here, in the app, so that the
// server, the CLI and any later client get the same answers:
// - administrators and analysts manage campaigns, generate and assign tasks, approve overrides,
//   publish lists and decide appeals;
// - inspectors register enterprises, work tasks, record findings, attach files and request
//   overrides, all only in their regions (anything outside is "not found", never "forbidden");
// - viewers read.
import type { IsoDate } from '@oresight/core/domain';
import type { StoreTransaction } from '@oresight/store';
import { sql } from 'kysely';
import { isWithinRegion } from '@oresight/core/domain';
import type { Failure } from '../shared/app-error.ts';
import type { Actor } from '../users/roles.ts';

/** True for the roles that run campaigns and take decisions (admin, analyst). */
export function isManager(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'admin' || actor.role === 'analyst';
}

/** True for the roles that do field work (everyone but viewers). */
export function canWork(actor: Pick<Actor, 'role'>): boolean {
  return actor.role !== 'viewer';
}

export const MANAGERS_ONLY: Failure = {
  code: 'forbidden',
  zh: '只有管理员或分析员可以执行此操作',
  en: 'Only administrators and analysts can do this',
};

export const READ_ONLY: Failure = {
  code: 'forbidden',
  zh: '只读用户不能修改数据',
  en: 'Viewers cannot change anything',
};

/**
 * True when two region codes overlap (one lies within the other), e.g. a campaign for Inner
 * Mongolia and an inspector for Baotou.
 * @example regionsOverlap('150000', '150200') // true
 */
export function regionsOverlap(a: string, b: string): boolean {
  return isWithinRegion(a, b) || isWithinRegion(b, a);
}

/**
 * Today's calendar date in China Standard Time (UTC+8, no daylight saving), the date every
 * deadline and expiry is judged by (architecture.md §4).
 * @example todayCst(Date.UTC(2013, 7, 14, 17, 0)) // '2013-08-15'
 */
export function todayCst(now: number = Date.now()): IsoDate {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Serialises a check-then-write transaction with every other writer of the audit log (the same
 * advisory lock appendAudit takes on PostgreSQL; SQLite transactions are serial already), so
 * that two concurrent requests cannot both pass a "nothing pending yet" check.
 */
export async function lockForDecision(tx: StoreTransaction): Promise<void> {
  if (tx.kind === 'postgres') await sql`select pg_advisory_xact_lock(726172)`.execute(tx.db);
}
