// The audit log as the use cases offer it (issue 7): every sign-in, import, run, catalogue change,
// override, approval, task change, publication, appeal and export is an entry chained to the
// previous one by SHA-256 (store audit.repository.ts). Reading it is for administrators and
// analysts; checking the chain walks every entry and names the first one that does not verify.
import type { AuditVerification, Store } from '@oresight/store';
import { appendAudit, listAudit, verifyAuditChain } from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import type { Actor } from '../users/roles.ts';
import { MANAGERS_ONLY, isManager } from '../campaigns/access.ts';

export interface AuditEntryView {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: unknown;
  readonly hash: string;
  readonly prevHash: string;
}

/** The actions the application writes, by area (docs/campaigns.md lists them with their details). */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.create',
  'user.update',
  'user.password',
  'user.delete',
  'token.create',
  'token.revoke',
  'import.commit',
  'import.reject',
  'inspection.run',
  'policy.create',
  'catalogue.set',
  'catalogue.remove',
  'catalogue.rederive',
  'campaign.create',
  'campaign.update',
  'registration.create',
  'registration.update',
  'registration.verify',
  'registration.import',
  'task.generate',
  'task.create',
  'task.status',
  'task.update',
  'task.finding',
  'task.attachment',
  'override.request',
  'override.apply',
  'override.approve',
  'override.reject',
  'override.withdraw',
  'publication.create',
  'appeal.file',
  'appeal.decide',
  'export.list',
  'export.publication',
  'export.download',
  'report.dossier',
  'report.campaign',
] as const;

function parseDetails(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A tampered row may hold anything; show it as it is (verify names the row).
    return text;
  }
}

/**
 * Audit entries, newest first; `action` matches a prefix (`override` → every override action).
 * @example await listAuditEntries(store, admin, { action: 'override', limit: 50, offset: 0 });
 */
export async function listAuditEntries(
  store: Store,
  actor: Actor,
  q: { action?: string; actor?: string; subject?: string; limit: number; offset: number },
): Promise<Outcome<Page<AuditEntryView>>> {
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  const { items, total } = await listAudit(store.db, q);
  return ok({
    items: items.map((e) => ({
      id: Number(e.id),
      at: e.at,
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      details: parseDetails(e.details),
      hash: e.hash,
      prevHash: e.prevHash,
    })),
    total,
    limit: q.limit,
    offset: q.offset,
  });
}

/**
 * Walks the whole chain; the first entry that does not verify is named with the reason.
 * @example const v = await verifyAudit(store); if (!v.ok) console.log(v.brokenAt, v.reason);
 */
export async function verifyAudit(store: Store): Promise<AuditVerification> {
  return verifyAuditChain(store.db);
}

/**
 * Writes one audit entry in its own transaction (for events outside a use case's transaction:
 * downloads and reports).
 * @example await recordAudit(store, 'admin', 'export.download', 'GET /api/enterprises.csv', { rows: 10 });
 */
export async function recordAudit(
  store: Store,
  actor: string,
  action: string,
  subject: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await store.transaction((tx) => appendAudit(tx, { actor, action, subject, details }));
}
