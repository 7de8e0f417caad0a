// Background jobs (issue 5): imports and inspection runs take seconds to minutes, longer than an
// HTTP request should stay open. A job runs in this process, reports progress, and keeps its
// result for a while. Heavy jobs run one at a time (they compete for the same CPU, memory and
// SQLite writer; queuing them is faster than interleaving them); light jobs start at once.
import { randomUUID } from 'node:crypto';
import type { Failure } from '../shared/app-error.ts';
import { AppError } from '../shared/app-error.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobProgress {
  /** What the job is doing, e.g. `reading`, `linking`, `inspecting`. */
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** `bytes`, `rows`, `steps`… */
  readonly unit: string;
  readonly note: string | null;
}

export interface JobView<R = unknown> {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  /** Who started it: only they (and administrators) see it. */
  readonly owner: string;
  readonly status: JobStatus;
  readonly progress: JobProgress;
  /** Position among the queued heavy jobs (1 = next), while queued. */
  readonly queuePosition: number | null;
  readonly result: R | null;
  readonly error: Failure | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface JobContext {
  /** Reports progress; cheap enough to call per chunk. */
  progress(p: Partial<JobProgress>): void;
}

export interface JobSpec<R> {
  readonly kind: string;
  readonly title: string;
  readonly owner: string;
  /** Heavy jobs queue behind each other (default true). */
  readonly heavy?: boolean;
  readonly run: (ctx: JobContext) => Promise<R>;
  /** Runs after the job, whatever happened (e.g. deleting an uploaded temp file). */
  readonly cleanup?: () => Promise<void>;
}

export interface JobRunnerOptions {
  /** Finished jobs kept for reading (oldest dropped first; default 500). */
  readonly keepFinished?: number;
  /** Called with a job's unexpected error (a bug): the job's view shows a safe message only. */
  readonly onError?: (error: unknown, job: JobView) => void;
  readonly now?: () => Date;
}

export interface JobRunner {
  submit<R>(spec: JobSpec<R>): JobView<R>;
  get(id: string): JobView | undefined;
  /** Jobs newest first; `owner` limits to one user's. */
  list(q?: { owner?: string; kind?: string; status?: JobStatus }): JobView[];
  /** Resolves when no job is queued or running. */
  idle(): Promise<void>;
  /** Refuses new jobs, drops queued ones (they fail), waits for the running ones. */
  close(): Promise<void>;
}

interface JobState {
  view: {
    -readonly [K in keyof JobView]: JobView[K];
  };
  spec: JobSpec<unknown>;
}

const INTERNAL: Failure = {
  code: 'unavailable',
  zh: '任务因内部错误失败，详情见服务器日志',
  en: 'The job failed with an internal error; the server log has the details',
};

/**
 * Creates a runner (one per server process).
 * @example const jobs = createJobRunner(); const job = jobs.submit({ kind: 'import', title: 'a.csv', owner: 'li', run: async (ctx) => 42 });
 */
export function createJobRunner(options: JobRunnerOptions = {}): JobRunner {
  const keepFinished = options.keepFinished ?? 500;
  const now = options.now ?? (() => new Date());
  const jobs = new Map<string, JobState>();
  const heavyQueue: JobState[] = [];
  const running = new Set<Promise<void>>();
  let heavyBusy = false;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const snapshot = (s: JobState): JobView => {
    const position = s.view.status === 'queued' ? heavyQueue.indexOf(s) + 1 : 0;
    return { ...s.view, progress: { ...s.view.progress }, queuePosition: position > 0 ? position : null };
  };

  const prune = () => {
    const finished = [...jobs.values()].filter(
      (s) => s.view.status === 'succeeded' || s.view.status === 'failed',
    );
    for (const s of finished.slice(0, Math.max(0, finished.length - keepFinished))) jobs.delete(s.view.id);
  };

  const settleIdle = () => {
    if (running.size === 0 && heavyQueue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const finish = (s: JobState, outcome: { result: unknown } | { error: Failure }) => {
    s.view.finishedAt = now().toISOString();
    if ('result' in outcome) {
      s.view.status = 'succeeded';
      s.view.result = outcome.result;
    } else {
      s.view.status = 'failed';
      s.view.error = outcome.error;
    }
    prune();
  };

  const start = (s: JobState, heavy: boolean) => {
    s.view.status = 'running';
    s.view.startedAt = now().toISOString();
    const ctx: JobContext = {
      progress(p) {
        Object.assign(s.view.progress, p);
      },
    };
    const task = (async () => {
      try {
        const result = await s.spec.run(ctx);
        finish(s, { result });
      } catch (error) {
        if (error instanceof AppError) finish(s, { error: error.failure });
        else {
          finish(s, { error: INTERNAL });
          options.onError?.(error, snapshot(s));
        }
      } finally {
        try {
          await s.spec.cleanup?.();
        } catch (error) {
          options.onError?.(error, snapshot(s));
        }
      }
    })();
    running.add(task);
    void task.then(() => {
      running.delete(task);
      if (heavy) {
        heavyBusy = false;
        pump();
      }
      settleIdle();
    });
  };

  const pump = () => {
    if (heavyBusy || closed) return;
    const next = heavyQueue.shift();
    if (!next) return;
    heavyBusy = true;
    start(next, true);
  };

  return {
    submit<R>(spec: JobSpec<R>): JobView<R> {
      if (closed)
        throw new AppError({ code: 'unavailable', zh: '服务器正在关闭', en: 'The server is shutting down' });
      const state: JobState = {
        view: {
          id: randomUUID(),
          kind: spec.kind,
          title: spec.title,
          owner: spec.owner,
          status: 'queued',
          progress: { phase: 'queued', done: 0, total: 0, unit: '', note: null },
          queuePosition: null,
          result: null,
          error: null,
          createdAt: now().toISOString(),
          startedAt: null,
          finishedAt: null,
        },
        spec: spec as JobSpec<unknown>,
      };
      jobs.set(state.view.id, state);
      if (spec.heavy === false) start(state, false);
      else {
        heavyQueue.push(state);
        pump();
      }
      return snapshot(state) as JobView<R>;
    },
    get(id) {
      const s = jobs.get(id);
      return s ? snapshot(s) : undefined;
    },
    list(q = {}) {
      return [...jobs.values()]
        .filter(
          (s) =>
            (q.owner === undefined || s.view.owner === q.owner) &&
            (q.kind === undefined || s.view.kind === q.kind) &&
            (q.status === undefined || s.view.status === q.status),
        )
        .reverse()
        .map(snapshot);
    },
    idle() {
      if (running.size === 0 && heavyQueue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const s of heavyQueue.splice(0)) {
        finish(s, {
          error: {
            code: 'unavailable',
            zh: '服务器关闭，任务未执行',
            en: 'The server shut down before the job ran',
          },
        });
        await s.spec.cleanup?.().catch((error: unknown) => options.onError?.(error, snapshot(s)));
      }
      await Promise.all([...running]);
      settleIdle();
    },
  };
}
