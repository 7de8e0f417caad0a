// The policy a run used (its stored version, found by content hash): its thresholds explain the
// signals, its measures say what a list means in practice (inspection.md §6–§7).
import { api, data } from '../api/client.ts';
import type { PolicyBody, PolicyRecord, Run } from '../api/types.ts';
import { useApi } from './use-api.ts';
import type { Loaded } from './use-api.ts';

export interface RunPolicy {
  readonly run: Run;
  /** The stored policy version (null if the run's policy is not stored: the default's shape is then assumed). */
  readonly record: PolicyRecord | null;
  readonly policy: PolicyBody | null;
}

export async function loadRunPolicy(runId: number, signal?: AbortSignal): Promise<RunPolicy> {
  const run = await data(api.GET('/api/runs/{id}', { params: { path: { id: runId } }, signal }));
  const page = await data(
    api.GET('/api/policies', {
      params: { query: { policyId: run.policyId, limit: 500, offset: 0 } },
      signal,
    }),
  );
  const record = page.items.find((p) => p.hash === run.policyHash) ?? null;
  return { run, record, policy: record?.policy ?? null };
}

/** The run and its policy; nothing to load without a run id. */
export function useRunPolicy(runId: number | null | undefined): Loaded<RunPolicy | null> {
  return useApi((signal) => (runId ? loadRunPolicy(runId, signal) : Promise.resolve(null)), [runId]);
}

/** A rule's parameter as a number (undefined when absent or not numeric). */
export function ruleParam(policy: PolicyBody | null, rule: string, name: string): number | undefined {
  const r = policy?.rules.find((x) => x.id === rule);
  const v = r?.params[name];
  return typeof v === 'number' ? v : undefined;
}

export function ruleEnabled(policy: PolicyBody | null, rule: string): boolean {
  const r = policy?.rules.find((x) => x.id === rule);
  return r ? r.enabled : false;
}

/** A numeric policy parameter. */
export function parameter(policy: PolicyBody | null, name: string): number | undefined {
  const v = (policy?.parameters as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'number' ? v : undefined;
}
