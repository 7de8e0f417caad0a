// The append-only audit log: each entry is chained to the previous one by SHA-256, so changing,
// deleting or reordering any row breaks the chain at that row (see verifyAuditChain).
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { AuditLogTable, Database } from './schema.ts';
import type { StoreTransaction } from './open-store.ts';
import { nowIso } from './clock.ts';

export type AuditEntry = Selectable<AuditLogTable>;

export interface AuditInput {
  actor: string;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
}

/** The hash that seals an entry: SHA-256 over the previous hash and the entry's own fields. */
export function auditEntryHash(e: Omit<AuditEntry, 'hash'>): string {
  const body = JSON.stringify([e.id, e.at, e.actor, e.action, e.subject, e.details, e.prevHash]);
  return createHash('sha256').update(body).digest('hex');
}

export const AUDIT_GENESIS = '0'.repeat(64);
const AUDIT_HEAD_KEY = 'audit.head';

/**
 * Appends an entry inside the caller's transaction. On PostgreSQL an advisory lock serialises
 * appenders so that two transactions never chain to the same predecessor.
 * @example await appendAudit(tx, { actor: 'admin', action: 'import.commit', subject: 'batch:7' });
 */
export async function appendAudit(tx: StoreTransaction, input: AuditInput): Promise<AuditEntry> {
  if (tx.kind === 'postgres') await sql`select pg_advisory_xact_lock(726172)`.execute(tx.db);
  const last = await tx.db
    .selectFrom('auditLog')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const id = (last?.id ?? 0) + 1;
  const entry = {
    id,
    at: nowIso(),
    actor: input.actor,
    action: input.action,
    subject: input.subject ?? null,
    details: JSON.stringify(input.details ?? {}),
    prevHash: last?.hash ?? AUDIT_GENESIS,
  };
  const sealed = { ...entry, hash: auditEntryHash(entry) };
  await tx.db.insertInto('auditLog').values(sealed).execute();
  // The head (last id and hash) is kept apart so that cutting entries off the end is detected too.
  await tx.db
    .insertInto('storeMeta')
    .values({ key: AUDIT_HEAD_KEY, value: `${id}:${sealed.hash}` })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: `${id}:${sealed.hash}` }))
    .execute();
  return sealed;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  subject?: string;
  limit?: number;
  offset?: number;
}

export async function listAudit(
  db: Kysely<Database>,
  q: AuditQuery = {},
): Promise<{ items: AuditEntry[]; total: number }> {
  let base = db.selectFrom('auditLog');
  if (q.action) base = base.where('action', 'like', `${q.action}%`);
  if (q.actor) base = base.where('actor', '=', q.actor);
  if (q.subject) base = base.where('subject', '=', q.subject);
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export type AuditVerification =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Walks the whole chain in id order and reports the first entry that does not verify.
 * @example await verifyAuditChain(store.db) // { ok: true, entries: 42 }
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerification> {
  let prev = AUDIT_GENESIS;
  let expectedId = 1;
  let entries = 0;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (page.length === 0) break;
    for (const e of page) {
      entries++;
      if (e.id !== expectedId)
        return {
          ok: false,
          entries,
          brokenAt: e.id,
          reason: `entry ${expectedId} is missing (next entry is ${e.id})`,
        };
      if (e.prevHash !== prev)
        return {
          ok: false,
          entries,
          brokenAt: e.id,
          reason: 'it does not chain to the previous entry (deleted, inserted or reordered)',
        };
      if (auditEntryHash(e) !== e.hash)
        return {
          ok: false,
          entries,
          brokenAt: e.id,
          reason: 'its content does not match its hash (changed)',
        };
      prev = e.hash;
      expectedId++;
      after = e.id;
    }
  }
  const head = await db
    .selectFrom('storeMeta')
    .select('value')
    .where('key', '=', AUDIT_HEAD_KEY)
    .executeTakeFirst();
  if (head && head.value !== `${after}:${prev}`) {
    const headId = Number(head.value.split(':')[0]);
    return {
      ok: false,
      entries,
      brokenAt: headId > after ? after + 1 : headId,
      reason: `the chain ends at entry ${after} but the recorded head is entry ${headId}`,
    };
  }
  if (!head && entries > 0)
    return { ok: false, entries, brokenAt: 1, reason: 'the recorded head of the chain is missing' };
  return { ok: true, entries };
}
