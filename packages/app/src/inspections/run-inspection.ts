// The inspection use case: load the period's Dataset from the store, inspect it under a policy,
// keep the result (never overwritten), and answer questions about runs: results, entries,
// explanations, exports and the difference between two runs.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { IsoDate } from '@oresight/core/domain';
import { ENTERPRISE_ROLES, dayNumberOf } from '@oresight/core/domain';
import type { InspectionResult, Policy, ResultDiff } from '@oresight/core/inspect';
import {
  DEFAULT_POLICY,
  diffResults,
  inspect,
  parsePolicy,
  policyHash,
  serializeResult,
} from '@oresight/core/inspect';
import type { InspectionRunMeta, Store } from '@oresight/store';
import {
  appendAudit,
  findPolicyByHash,
  getRunMeta,
  getRunResultBlob,
  insertPolicy,
  insertRun,
  insertRunEntries,
  nowIso,
  updateRun,
} from '@oresight/store';
import { loadDataset } from './load-dataset.ts';
import type { LoadStats } from './load-dataset.ts';

export interface Period {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** A period from `--period 2013`, `2013-Q3`, `2013-08`, or explicit dates; undefined when malformed. */
export function parsePeriod(input: { period?: string; from?: string; to?: string }): Period | undefined {
  if (input.period) {
    const p = input.period.trim();
    let m = /^(\d{4})$/.exec(p);
    if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
    m = /^(\d{4})-?Q([1-4])$/i.exec(p);
    if (m) {
      const q = Number(m[2]);
      const ends = ['03-31', '06-30', '09-30', '12-31'];
      return { from: `${m[1]}-${String(q * 3 - 2).padStart(2, '0')}-01`, to: `${m[1]}-${ends[q - 1]}` };
    }
    m = /^(\d{4})-(\d{2})$/.exec(p);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
      const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
      return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` };
    }
    return undefined;
  }
  if (
    input.from &&
    input.to &&
    dayNumberOf(input.from) !== undefined &&
    dayNumberOf(input.to) !== undefined &&
    input.from <= input.to
  )
    return { from: input.from, to: input.to };
  return undefined;
}

export interface RunInspectionInput {
  readonly period: Period;
  /** Default: the shipped default policy. */
  readonly policy?: Policy;
  readonly user?: string | null;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface RunStats {
  readonly load: LoadStats;
  readonly inspectMs: number;
  readonly persistMs: number;
  readonly stages: readonly { readonly stage: string; readonly ms: number }[];
}

export interface RunOutcome {
  readonly runId: number;
  readonly result: InspectionResult;
  readonly stats: RunStats;
}

/** Stores the policy (once per content hash) so that every run can name the exact policy it used. */
async function rememberPolicy(store: Store, policy: Policy, user: string | null): Promise<string> {
  const hash = policyHash(policy);
  if (!(await findPolicyByHash(store.db, hash))) {
    await insertPolicy(store.db, {
      policyId: policy.id,
      version: policy.version,
      hash,
      body: JSON.stringify(policy),
      createdAt: nowIso(),
      userName: user,
    }).catch(async (error: unknown) => {
      // Two runs racing to store the same policy: the unique hash keeps one, which is all we need.
      if (!(await findPolicyByHash(store.db, hash))) throw error;
    });
  }
  return hash;
}

/**
 * Runs an inspection and keeps its result.
 * @example const { runId, result } = await runInspection(store, { period: { from: '2013-01-01', to: '2013-12-31' } });
 */
export async function runInspection(store: Store, input: RunInspectionInput): Promise<RunOutcome> {
  const policy = input.policy ?? DEFAULT_POLICY;
  const user = input.user ?? null;
  const hash = await rememberPolicy(store, policy, user);
  const runId = await insertRun(store.db, {
    status: 'running',
    periodFrom: input.period.from,
    periodTo: input.period.to,
    policyId: policy.id,
    policyVersion: policy.version,
    policyHash: hash,
    fingerprint: '',
    invoiceLines: 0,
    enterprises: 0,
    black: 0,
    grey: 0,
    white: 0,
    unrated: 0,
    createdAt: nowIso(),
    finishedAt: null,
    userName: user,
    stats: '{}',
    error: null,
    result: null,
  });
  try {
    input.onProgress?.('load', 0, 1);
    const { dataset, stats: load } = await loadDataset(store, input.period, (done, total) =>
      input.onProgress?.('load', done, total),
    );
    const t0 = performance.now();
    const result = inspect(dataset, policy, {
      now: () => performance.now(),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    const inspectMs = performance.now() - t0;
    const t1 = performance.now();
    input.onProgress?.('save', 0, 1);
    const blob = gzipSync(serializeResult(result), { level: 6 });
    const stats = { load, inspectMs, persistMs: 0, stages: result.timings ?? [] };
    await store.transaction(async (tx) => {
      await insertRunEntries(
        tx.db,
        result.enterprises.map((e) => ({
          runId,
          taxId: e.taxId,
          name: e.name,
          region: e.region,
          roles: ENTERPRISE_ROLES.filter((r) => e.roles.includes(r)).join(','),
          groupName: e.group,
          list: e.list,
          score: e.score,
          signals: JSON.stringify(e.signals),
          reasons: JSON.stringify(e.reasons),
        })),
      );
      await updateRun(tx.db, runId, {
        status: 'done',
        fingerprint: result.dataset.fingerprint,
        invoiceLines: result.dataset.invoiceLines,
        enterprises: result.dataset.enterprises,
        black: result.counts.black,
        grey: result.counts.grey,
        white: result.counts.white,
        unrated: result.counts.unrated,
        finishedAt: nowIso(),
        stats: JSON.stringify({ ...stats, persistMs: performance.now() - t1 }),
        result: blob,
      });
      await appendAudit(tx, {
        actor: user ?? 'system',
        action: 'inspection.run',
        subject: `run:${runId}`,
        details: {
          period: input.period,
          policy: { id: policy.id, version: policy.version, hash },
          fingerprint: result.dataset.fingerprint,
          counts: result.counts,
        },
      });
    });
    input.onProgress?.('save', 1, 1);
    return { runId, result, stats: { ...stats, persistMs: performance.now() - t1 } };
  } catch (error) {
    await updateRun(store.db, runId, {
      status: 'failed',
      finishedAt: nowIso(),
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

/** A finished run's full result, or undefined. */
export async function getRunResult(store: Store, runId: number): Promise<InspectionResult | undefined> {
  const blob = await getRunResultBlob(store.db, runId);
  if (!blob) return undefined;
  // Our own serialisation, written by runInspection: trusted, not outside data.
  return JSON.parse(gunzipSync(blob).toString('utf8')) as InspectionResult;
}

/** The difference between two runs: what moved, and why. */
export async function diffRuns(
  store: Store,
  a: number,
  b: number,
): Promise<{ a: InspectionRunMeta; b: InspectionRunMeta; diff: ResultDiff } | undefined> {
  const [metaA, metaB, resultA, resultB] = await Promise.all([
    getRunMeta(store.db, a),
    getRunMeta(store.db, b),
    getRunResult(store, a),
    getRunResult(store, b),
  ]);
  if (!metaA || !metaB || !resultA || !resultB) return undefined;
  return { a: metaA, b: metaB, diff: diffResults(resultA, resultB) };
}

/** Reads a policy file's JSON text; errors name the field. */
export function parsePolicyText(
  text: string,
): { ok: true; policy: Policy } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  return parsePolicy(json);
}
