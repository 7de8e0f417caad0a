// The import use case: one file (or folder, or zip) → one atomic, idempotent batch.
// Parse at the edge (core/ingest), write in one transaction, keep every rejected row with its
// reasons, keep the original bytes, log it. Nothing lands half-way: a bad row (without
// --skip-invalid), a crash or a full disk rolls the whole batch back.
import type { Catalogue } from '@oresight/core/domain';
import { createCatalogue } from '@oresight/core/domain';
import type { ImportKind, RowIssue } from '@oresight/core/ingest';
import type { Store } from '@oresight/store';
import {
  appendAudit,
  findCommittedBatch,
  insertBatch,
  insertRejects,
  nowIso,
  updateBatch,
} from '@oresight/store';
import { loadCatalogueOverrides, loadTaxIdAllowList } from '../shared/catalogue.ts';
import type { ImportSource } from './file-source.ts';
import { describeSource } from './file-source.ts';
import { createOriginalFileWriter } from './original-file.ts';
import type { Counters } from './import-counters.ts';
import { MAX_ISSUES_KEPT, newCounters, toReject } from './import-counters.ts';
import { createInvoiceSink } from './invoice-sink.ts';
import { readInvoiceSource } from './invoice-source.ts';
import { readRegistrySource, writeRegistryRecords } from './registry-import.ts';

export { MAX_ISSUES_KEPT };
export type { ImportKind };

export interface ImportOptions {
  readonly kind: ImportKind;
  /** Land good rows and keep bad rows as rejects; default: reject the whole file on any bad row. */
  readonly skipInvalid?: boolean;
  /** Do everything, report, then roll back. */
  readonly dryRun?: boolean;
  readonly encoding?: 'auto' | 'utf8' | 'gb18030';
  readonly sheet?: string;
  readonly user?: string | null;
  /** Keep the original bytes (gzip) as evidence; default true. */
  readonly keepOriginal?: boolean;
  readonly onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  readonly phase: 'hashing' | 'reading' | 'linking' | 'finishing';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rowsRead: number;
}

export type ImportStatus = 'committed' | 'rejected' | 'already_imported' | 'dry_run';

export interface ImportOutcome {
  readonly file: string;
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly format: string;
  readonly kind: ImportKind;
  readonly status: ImportStatus;
  /** The batch that holds the data (committed), the record of the refusal (rejected), or the earlier batch (already imported). */
  readonly batchId: number | null;
  readonly encoding: string | null;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicate: number;
  /** Enterprises: existing registry entries changed by this file. */
  readonly updated: number;
  /** Bad rows (at most MAX_ISSUES_KEPT; `rejected` is the true count) and the file-level problem, if any. */
  readonly issues: readonly RowIssue[];
  readonly fatal: RowIssue | null;
  /** Warnings on accepted lines, by LineFlag name. */
  readonly flagCounts: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

class RollbackSignal extends Error {}

/** The outcome as the caller sees it. */
function outcomeOf(
  source: ImportSource,
  kind: ImportKind,
  status: ImportStatus,
  batchId: number | null,
  c: Counters,
  started: number,
): ImportOutcome {
  return {
    file: source.name,
    path: source.path,
    sha256: source.sha256,
    sizeBytes: source.size,
    format: source.format,
    kind,
    status,
    batchId,
    encoding: c.encoding,
    rowsRead: c.rowsRead,
    accepted: c.accepted,
    rejected: c.rejected + (c.fatal ? 1 : 0),
    duplicate: c.duplicate,
    updated: c.updated,
    issues: c.issues,
    fatal: c.fatal,
    flagCounts: c.flagCounts,
    durationMs: Date.now() - started,
  };
}

/**
 * Imports one file, folder or zip as one batch.
 * @example const outcome = await importFile(store, 'invoices.csv', { kind: 'invoices' });
 */
export async function importFile(store: Store, path: string, options: ImportOptions): Promise<ImportOutcome> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const source = await describeSource(path);
  progress({ phase: 'hashing', bytesDone: source.size, bytesTotal: source.size, rowsRead: 0 });

  const counters = newCounters();
  const earlier = await findCommittedBatch(store.db, options.kind, source.sha256);
  if (earlier) return outcomeOf(source, options.kind, 'already_imported', earlier.id, counters, started);

  const overrides = await loadCatalogueOverrides(store);
  const catalogue: Catalogue = createCatalogue(overrides);
  const ingest = {
    source: source.name,
    catalogue,
    overrides,
    taxIdAllowList: await loadTaxIdAllowList(store),
    ...(options.encoding ? { encoding: options.encoding } : {}),
  };
  const batchFields = {
    kind: options.kind,
    fileName: source.name,
    sha256: source.sha256,
    sizeBytes: source.size,
    format: source.format,
    encoding: null,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    duplicate: 0,
    updated: 0,
    userName: options.user ?? null,
    createdAt: nowIso(),
    finishedAt: null,
    options: JSON.stringify({
      skipInvalid: options.skipInvalid ?? false,
      encoding: options.encoding ?? 'auto',
      sheet: options.sheet ?? null,
    }),
    summary: '{}',
  };

  let batchId: number | null = null;
  let refused = false;
  try {
    await store.transaction(async (tx) => {
      batchId = await insertBatch(tx.db, { ...batchFields, status: 'committed' });
      const id = batchId;
      const original =
        options.keepOriginal === false || source.format === 'xml-folder'
          ? null
          : createOriginalFileWriter(tx.db, id);
      let bytesDone = 0;
      const onBytes = async (chunk: Uint8Array) => {
        bytesDone += chunk.length;
        await original?.write(chunk);
        progress({ phase: 'reading', bytesDone, bytesTotal: source.size, rowsRead: counters.rowsRead });
      };
      // Without --skip-invalid one bad row refuses the file: stop writing, keep reading to report them all.
      const writing = () =>
        counters.fatal === null && (options.skipInvalid === true || counters.rejected === 0);
      let rejectsWritten = 0;
      const flushRejects = async () => {
        if (!options.skipInvalid) return;
        const fresh = counters.issues.slice(rejectsWritten);
        rejectsWritten = counters.issues.length;
        await insertRejects(
          tx.db,
          fresh.map((i) => toReject(id, i)),
        );
        // Beyond the in-memory cap, issues are still written as they come (skip-invalid keeps them all).
        if (counters.issues.length >= MAX_ISSUES_KEPT) {
          counters.issues.length = 0;
          rejectsWritten = 0;
        }
      };

      if (options.kind === 'invoices') {
        const sink = createInvoiceSink(tx, id, counters, source.size);
        await readInvoiceSource({
          source,
          sheet: options.sheet,
          encoding: options.encoding,
          ingest,
          counters,
          sink,
          onBytes,
          writing,
          afterStep: flushRejects,
        });
        if (writing()) {
          progress({
            phase: 'linking',
            bytesDone: source.size,
            bytesTotal: source.size,
            rowsRead: counters.rowsRead,
          });
          await sink.finish();
        }
      } else {
        const records = await readRegistrySource(
          options.kind,
          source,
          options.sheet,
          ingest,
          counters,
          onBytes,
        );
        if (writing()) await writeRegistryRecords(tx, options.kind, records, id, counters);
        await flushRejects();
      }
      if (!writing()) {
        refused = true;
        throw new RollbackSignal('refused');
      }
      progress({
        phase: 'finishing',
        bytesDone: source.size,
        bytesTotal: source.size,
        rowsRead: counters.rowsRead,
      });
      await original?.finish();
      await updateBatch(tx.db, id, {
        encoding: counters.encoding,
        rowsRead: counters.rowsRead,
        accepted: counters.accepted,
        rejected: counters.rejected,
        duplicate: counters.duplicate,
        updated: counters.updated,
        finishedAt: nowIso(),
        summary: JSON.stringify({ flagCounts: counters.flagCounts }),
      });
      await appendAudit(tx, {
        actor: options.user ?? 'system',
        action: 'import.commit',
        subject: `batch:${id}`,
        details: {
          kind: options.kind,
          file: source.name,
          sha256: source.sha256,
          rowsRead: counters.rowsRead,
          accepted: counters.accepted,
          rejected: counters.rejected,
          duplicate: counters.duplicate,
        },
      });
      if (options.dryRun) throw new RollbackSignal('dry run');
    });
  } catch (error) {
    if (!(error instanceof RollbackSignal)) throw error;
  }

  if (options.dryRun) return outcomeOf(source, options.kind, 'dry_run', null, counters, started);
  if (!refused) return outcomeOf(source, options.kind, 'committed', batchId, counters, started);

  // The file was refused: record the attempt and its bad rows (not the data) so the report stays visible.
  const rejectedBatchId = await store.transaction(async (tx) => {
    const id = await insertBatch(tx.db, {
      ...batchFields,
      status: 'rejected',
      encoding: counters.encoding,
      rowsRead: counters.rowsRead,
      rejected: counters.rejected + (counters.fatal ? 1 : 0),
      finishedAt: nowIso(),
      summary: JSON.stringify({ fatal: counters.fatal?.code ?? null, keptIssues: counters.issues.length }),
    });
    await insertRejects(
      tx.db,
      [...(counters.fatal ? [counters.fatal] : []), ...counters.issues].map((i) => toReject(id, i)),
    );
    await appendAudit(tx, {
      actor: options.user ?? 'system',
      action: 'import.reject',
      subject: `batch:${id}`,
      details: { kind: options.kind, file: source.name, sha256: source.sha256, rejected: counters.rejected },
    });
    return id;
  });
  return outcomeOf(
    source,
    options.kind,
    'rejected',
    rejectedBatchId,
    { ...counters, accepted: 0, duplicate: 0, updated: 0 },
    started,
  );
}
