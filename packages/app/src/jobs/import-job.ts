// An upload imported in the background: the API writes the upload to a temporary file and
// returns at once with a job; the job runs the import use case (one atomic, idempotent batch),
// reports its progress, and deletes the temporary file whatever happens.
import type { RowIssue } from '@oresight/core/ingest';
import type { Store } from '@oresight/store';
import type { ImportKind, ImportOutcome } from '../imports/import-file.ts';
import { importFile } from '../imports/import-file.ts';
import type { JobRunner, JobView } from './job-runner.ts';

/** Bad rows returned with the job (all of them are in the batch's rejects). */
export const JOB_ISSUES_SHOWN = 100;

export interface ImportJobResult {
  readonly file: string;
  readonly kind: ImportKind;
  readonly status: ImportOutcome['status'];
  readonly batchId: number | null;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly format: string;
  readonly encoding: string | null;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicate: number;
  readonly updated: number;
  readonly flagCounts: Readonly<Record<string, number>>;
  readonly fatal: RowIssue | null;
  /** The first bad rows (the batch's rejects list has them all). */
  readonly issues: readonly RowIssue[];
  readonly durationMs: number;
}

export interface ImportJobInput {
  /** The uploaded bytes, written under the file's own name (format detection reads the name). */
  readonly path: string;
  readonly kind: ImportKind;
  readonly skipInvalid: boolean;
  readonly dryRun: boolean;
  readonly encoding?: 'auto' | 'utf8' | 'gb18030';
  readonly sheet?: string;
  readonly user: string;
  /** Deletes the upload; runs after the import, or if the job never runs. */
  readonly cleanup: () => Promise<void>;
}

function resultOf(o: ImportOutcome): ImportJobResult {
  return {
    file: o.file,
    kind: o.kind,
    status: o.status,
    batchId: o.batchId,
    sha256: o.sha256,
    sizeBytes: o.sizeBytes,
    format: o.format,
    encoding: o.encoding,
    rowsRead: o.rowsRead,
    accepted: o.accepted,
    rejected: o.rejected,
    duplicate: o.duplicate,
    updated: o.updated,
    flagCounts: o.flagCounts,
    fatal: o.fatal,
    issues: o.issues.slice(0, JOB_ISSUES_SHOWN),
    durationMs: o.durationMs,
  };
}

/**
 * Queues an import (a heavy job: one at a time).
 * @example const job = submitImportJob(jobs, store, { path, kind: 'invoices', skipInvalid: false, dryRun: false, user: 'li', cleanup });
 */
export function submitImportJob(
  runner: JobRunner,
  store: Store,
  input: ImportJobInput,
): JobView<ImportJobResult> {
  const name = input.path.split(/[\\/]/).pop() ?? input.path;
  return runner.submit({
    kind: 'import',
    title: `${input.kind}: ${name}`,
    owner: input.user,
    heavy: true,
    cleanup: input.cleanup,
    run: async (ctx) => {
      const outcome = await importFile(store, input.path, {
        kind: input.kind,
        skipInvalid: input.skipInvalid,
        dryRun: input.dryRun,
        ...(input.encoding ? { encoding: input.encoding } : {}),
        ...(input.sheet ? { sheet: input.sheet } : {}),
        user: input.user,
        onProgress: (p) =>
          ctx.progress({
            phase: p.phase,
            done: p.bytesDone,
            total: p.bytesTotal,
            unit: 'bytes',
            note: `${p.rowsRead} rows`,
          }),
      });
      return resultOf(outcome);
    },
  });
}
