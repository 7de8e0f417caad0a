// Background jobs (imports, inspection runs): poll GET /api/jobs/{id} until the job ends.
import { useEffect, useState } from 'react';
import { api, data } from '../api/client.ts';
import type { ImportIssue, ImportResult, InspectionResult, Job } from '../api/types.ts';

const POLL_MS = 400;

/** Polls a job until it succeeds or fails; `job` is the latest view, `error` a failed poll. */
export function useJob(initial: Job | null): { job: Job | null; error: unknown } {
  const [job, setJob] = useState<Job | null>(initial);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    setJob(initial);
    setError(undefined);
    if (!initial) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await data(api.GET('/api/jobs/{id}', { params: { path: { id: initial.id } } }));
        if (!live) return;
        setJob(next);
        if (next.status === 'queued' || next.status === 'running')
          timer = setTimeout(() => void poll(), POLL_MS);
      } catch (e) {
        if (live) setError(e);
      }
    };
    if (initial.status === 'queued' || initial.status === 'running')
      timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [initial]);
  return { job, error };
}

/** Share done (0–1) of a job's progress, or null when it has no known total. */
export function jobFraction(job: Job): number | null {
  if (job.status === 'succeeded') return 1;
  const { done, total } = job.progress;
  return total > 0 ? Math.min(1, done / total) : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIssue(v: unknown): v is ImportIssue {
  return isObject(v) && typeof v.row === 'number' && typeof v.zh === 'string' && typeof v.en === 'string';
}

/** The result of an import job, checked (the document types job results as unknown). */
export function importResultOf(job: Job): ImportResult | null {
  const r = job.result;
  if (!isObject(r) || typeof r.status !== 'string' || typeof r.rowsRead !== 'number') return null;
  if (!Array.isArray(r.issues) || !r.issues.every(isIssue)) return null;
  if (r.fatal !== null && !isIssue(r.fatal)) return null;
  return r as unknown as ImportResult;
}

/** The result of an inspection job, checked. */
export function inspectionResultOf(job: Job): InspectionResult | null {
  const r = job.result;
  if (!isObject(r) || typeof r.runId !== 'number' || !isObject(r.counts) || !isObject(r.period)) return null;
  return r as unknown as InspectionResult;
}
