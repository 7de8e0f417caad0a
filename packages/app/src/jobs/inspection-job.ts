// An inspection run in the background (issue 5): the API answers at once with a job; the job
// runs the inspection use case (load, inspect, keep the result) and reports each stage.
import type { Policy } from '@oresight/core/inspect';
import type { Store } from '@oresight/store';
import type { Period } from '../inspections/run-inspection.ts';
import { runInspection } from '../inspections/run-inspection.ts';
import type { JobRunner, JobView } from './job-runner.ts';

export interface InspectionJobResult {
  readonly runId: number;
  readonly period: Period;
  readonly policy: { readonly id: string; readonly version: string; readonly hash: string };
  readonly counts: {
    readonly black: number;
    readonly grey: number;
    readonly white: number;
    readonly unrated: number;
  };
  readonly invoiceLines: number;
  readonly enterprises: number;
  readonly loadMs: number;
  readonly inspectMs: number;
  readonly persistMs: number;
}

export interface InspectionJobInput {
  readonly period: Period;
  /** Default: the shipped default policy. */
  readonly policy?: Policy;
  readonly user: string;
}

/**
 * Queues an inspection run (a heavy job: one at a time, behind imports queued before it).
 * @example const job = submitInspectionJob(jobs, store, { period: { from: '2013-01-01', to: '2013-12-31' }, user: 'analyst' });
 */
export function submitInspectionJob(
  runner: JobRunner,
  store: Store,
  input: InspectionJobInput,
): JobView<InspectionJobResult> {
  return runner.submit({
    kind: 'inspection',
    title: `${input.period.from} – ${input.period.to}${input.policy ? ` (${input.policy.id} ${input.policy.version})` : ''}`,
    owner: input.user,
    heavy: true,
    run: async (ctx) => {
      const { runId, result, stats } = await runInspection(store, {
        period: input.period,
        ...(input.policy ? { policy: input.policy } : {}),
        user: input.user,
        onProgress: (stage, done, total) =>
          ctx.progress({ phase: stage, done, total, unit: 'steps', note: null }),
      });
      return {
        runId,
        period: result.period,
        policy: { id: result.policy.id, version: result.policy.version, hash: result.policy.hash },
        counts: result.counts,
        invoiceLines: result.dataset.invoiceLines,
        enterprises: result.dataset.enterprises,
        loadMs: Math.round(stats.load.ms.total),
        inspectMs: Math.round(stats.inspectMs),
        persistMs: Math.round(stats.persistMs),
      };
    },
  });
}
