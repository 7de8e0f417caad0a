// Stored policy versions (inspection.md §6: results are of a policy version; a changed policy is a
// new version and never overwrites an earlier one). The same content (by policy hash) is stored
// once; storing a version is audited.
import type { Policy } from '@oresight/core/inspect';
import { parsePolicy } from '@oresight/core/inspect';
import type { PolicyRow, Store } from '@oresight/store';
import {
  appendAudit,
  findPolicyByHash,
  getPolicy,
  insertPolicy,
  listPolicies,
  nowIso,
} from '@oresight/store';

export interface PolicyRecord {
  readonly id: number;
  readonly policyId: string;
  readonly version: string;
  readonly hash: string;
  readonly createdAt: string;
  readonly userName: string | null;
  readonly policy: Policy;
}

function recordOf(row: PolicyRow): PolicyRecord {
  const parsed = parsePolicy(JSON.parse(row.body));
  // A stored policy was parsed before it was stored: failing now is a bug (or a schema change).
  if (!parsed.ok) throw new Error(`stored policy ${row.id} no longer parses: ${parsed.errors.join('; ')}`);
  return {
    id: Number(row.id),
    policyId: row.policyId,
    version: row.version,
    hash: row.hash,
    createdAt: row.createdAt,
    userName: row.userName,
    policy: parsed.policy,
  };
}

/** Every stored policy version, newest first. */
export async function listPolicyRecords(store: Store): Promise<PolicyRecord[]> {
  return (await listPolicies(store.db)).map(recordOf);
}

export async function getPolicyRecord(store: Store, id: number): Promise<PolicyRecord | undefined> {
  const row = await getPolicy(store.db, id);
  return row ? recordOf(row) : undefined;
}

/**
 * Stores a parsed policy unless the same content (hash) is stored already.
 * @example const { record, created } = await savePolicy(store, policy, policyHash(policy), 'analyst');
 */
export async function savePolicy(
  store: Store,
  policy: Policy,
  hash: string,
  by: string,
): Promise<{ record: PolicyRecord; created: boolean }> {
  const existing = await findPolicyByHash(store.db, hash);
  if (existing) return { record: recordOf(existing), created: false };
  const row = await store.transaction(async (tx) => {
    const fresh = {
      policyId: policy.id,
      version: policy.version,
      hash,
      body: JSON.stringify(policy),
      createdAt: nowIso(),
      userName: by,
    };
    const id = await insertPolicy(tx.db, fresh);
    await appendAudit(tx, {
      actor: by,
      action: 'policy.create',
      subject: `policy:${id}`,
      details: { policyId: policy.id, version: policy.version, hash },
    });
    return { id, ...fresh };
  });
  return { record: recordOf(row), created: true };
}
