// The import use case: one file (or folder, or zip) → one atomic, idempotent batch.
// Parse at the edge (core/ingest), write in one transaction, keep every rejected row with its
// reasons, keep the original bytes, log it. Nothing lands half-way: a bad row (without
// --skip-invalid), a crash or a full disk rolls the whole batch back.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalogue } from '@oresight/core/domain';
import { LineFlag, ENTERPRISE_ROLES } from '@oresight/core/domain';
import type {
  ChunkParser,
  EnterpriseRecord,
  ImportKind,
  IngestOptions,
  InvoiceLineRecord,
  ParseOutput,
  PriceRecord,
  QuotaRecord,
  RecordOf,
  RowIssue,
} from '@oresight/core/ingest';
import { createCsvParser, parseEInvoiceXml, parseXlsx, readZipEntries } from '@oresight/core/ingest';
import type { InvoiceLineInsert, NewReject, Store, StoreTransaction } from '@oresight/store';
import {
  appendAudit,
  createLineWriter,
  findCommittedBatch,
  insertBatch,
  insertPrices,
  insertQuotas,
  insertRejects,
  insertSegment,
  nowIso,
  updateBatch,
  upsertEnterprises,
} from '@oresight/store';
import { loadCatalogueOverrides, loadTaxIdAllowList } from '../shared/catalogue.ts';
import { createCatalogue } from '@oresight/core/domain';
import { parseCsvInWorker } from './csv-parse.client.ts';
import { unpackRecords } from './record-pack.ts';
import type { ImportSource } from './file-source.ts';
import { describeSource, readChunks } from './file-source.ts';
import { createOriginalFileWriter } from './original-file.ts';
import { updateRedLinks } from './red-links.ts';
import type { SegmentBuilder } from './line-segment.codec.ts';
import { createSegmentBuilder, SEGMENT_FORMAT } from './line-segment.codec.ts';

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

/** Bad rows kept in memory for the report of a refused file; every one is counted. */
export const MAX_ISSUES_KEPT = 100_000;

class RollbackSignal extends Error {}

interface Counters {
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  updated: number;
  encoding: string | null;
  issues: RowIssue[];
  fatal: RowIssue | null;
  flagCounts: Record<string, number>;
}

function newCounters(): Counters {
  return {
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    duplicate: 0,
    updated: 0,
    encoding: null,
    issues: [],
    fatal: null,
    flagCounts: {},
  };
}

const FLAG_NAMES = Object.entries(LineFlag) as [string, number][];

function countFlags(counters: Counters, flags: number): void {
  if (flags === 0) return;
  for (const [name, bit] of FLAG_NAMES)
    if (flags & bit) counters.flagCounts[name] = (counters.flagCounts[name] ?? 0) + 1;
}

function toReject(batchId: number, issue: RowIssue): NewReject {
  return {
    batchId,
    source: issue.source,
    rowNo: issue.row,
    columnName: issue.column,
    value: issue.value,
    code: issue.code,
    messageZh: issue.zh,
    messageEn: issue.en,
  };
}

function toLineRow(batchId: number, r: InvoiceLineRecord): InvoiceLineInsert {
  return {
    batchId,
    source: r.source,
    rowNo: r.row,
    invoiceKey: r.invoiceKey,
    lineNo: r.lineNo,
    invoiceCode: r.invoiceCode,
    invoiceNumber: r.invoiceNumber,
    eInvoiceNumber: r.eInvoiceNumber,
    issueDate: r.issueDate,
    sellerTaxId: r.sellerTaxId,
    sellerName: r.sellerName,
    buyerTaxId: r.buyerTaxId,
    buyerName: r.buyerName,
    taxCode: r.taxCode,
    specialBusiness: r.specialBusiness,
    itemName: r.itemName,
    specification: r.specification,
    unit: r.unit,
    quantity: r.quantity,
    unitPrice: r.unitPrice,
    amountFen: r.amountFen,
    taxRate: r.taxRate,
    taxFen: r.taxFen,
    totalFen: r.totalFen,
    invoiceKind: r.invoiceKind,
    status: r.status,
    originalInvoiceKey: r.originalInvoiceKey,
    remark: r.remark,
    productId: r.productId,
    kg: r.kg,
    reoKg: r.reoKg,
    flags: r.flags,
  };
}

/** Collects the issues of a parse step; bad rows are counted, and kept up to the cap. */
function absorbIssues<R>(counters: Counters, out: ParseOutput<R>): void {
  counters.rowsRead += out.rowsRead;
  if (out.fatal && !counters.fatal) counters.fatal = out.fatal;
  counters.rejected += out.issues.length;
  for (const issue of out.issues) if (counters.issues.length < MAX_ISSUES_KEPT) counters.issues.push(issue);
}

const SEGMENT_LINES = 1 << 20;

/** Writes invoice records: lines, segments, red-line bookkeeping. One per batch. */
function createInvoiceSink(tx: StoreTransaction, batchId: number, counters: Counters) {
  const writer = createLineWriter(tx);
  let segment: SegmentBuilder = createSegmentBuilder();
  let segmentSeq = 0;
  const redOriginals = new Set<string>();
  async function flushSegment(): Promise<void> {
    if (segment.count === 0) return;
    const { bytes, count, minDate, maxDate } = segment.finish();
    await insertSegment(tx.db, {
      batchId,
      seq: segmentSeq++,
      lineCount: count,
      minDate,
      maxDate,
      format: SEGMENT_FORMAT,
      data: bytes,
    });
    segment = createSegmentBuilder();
  }
  return {
    async write(records: readonly InvoiceLineRecord[]): Promise<void> {
      if (records.length === 0) return;
      const ids = await writer.write(records.map((r) => toLineRow(batchId, r)));
      for (let i = 0; i < records.length; i++) {
        const id = ids[i];
        const record = records[i] as InvoiceLineRecord;
        if (id === null || id === undefined) {
          counters.duplicate++;
          continue;
        }
        counters.accepted++;
        countFlags(counters, record.flags);
        if (record.originalInvoiceKey !== null && (record.flags & LineFlag.RED) !== 0)
          redOriginals.add(record.originalInvoiceKey);
        segment.add({ id, record });
        if (segment.count >= SEGMENT_LINES) await flushSegment();
      }
    },
    async finish(): Promise<void> {
      await flushSegment();
      const linked = await updateRedLinks(tx, batchId, redOriginals);
      if (linked.withoutOriginal > 0) counters.flagCounts.RED_WITHOUT_ORIGINAL = linked.withoutOriginal;
      if (linked.exceeding > 0) counters.flagCounts.RED_EXCEEDS_ORIGINAL = linked.exceeding;
    },
  };
}

/** Feeds every record of an invoice source to `sink`, streaming CSV; XLSX and XML whole. */
async function parseInvoiceSource(
  source: ImportSource,
  options: ImportOptions,
  ingest: IngestOptions & { overrides: readonly unknown[] },
  counters: Counters,
  onBytes: (chunk: Uint8Array) => Promise<void>,
  sink: (records: readonly InvoiceLineRecord[]) => Promise<void>,
): Promise<void> {
  const xmlEntries = async (entries: { name: string; bytes: Uint8Array }[]) => {
    for (const entry of entries) {
      const out = parseEInvoiceXml(entry.bytes, { ...ingest, source: `${source.name}/${entry.name}` });
      absorbIssues(counters, out);
      await sink(out.records);
    }
  };
  switch (source.format) {
    case 'csv':
      return streamInvoiceCsvInWorker(source, options, ingest, counters, onBytes, sink);
    case 'xlsx':
    case 'xml':
    case 'zip': {
      const bytes = await readFile(source.path);
      await onBytes(bytes);
      if (source.format === 'xlsx') {
        const out = parseXlsx('invoices', bytes, { ...ingest, sheet: options.sheet });
        absorbIssues(counters, out);
        return sink(out.records);
      }
      if (source.format === 'xml') {
        const out = parseEInvoiceXml(bytes, ingest);
        absorbIssues(counters, out);
        return sink(out.records);
      }
      return xmlEntries(readZipEntries(bytes));
    }
    case 'xml-folder': {
      const entries: { name: string; bytes: Uint8Array }[] = [];
      for (const name of source.entries) {
        const bytes = await readFile(join(source.path, name));
        await onBytes(bytes);
        entries.push({ name, bytes });
        if (entries.length >= 1000) await xmlEntries(entries.splice(0));
      }
      return xmlEntries(entries);
    }
    default:
      counters.fatal = unknownFormat(source);
  }
}

function unknownFormat(source: ImportSource): RowIssue {
  return {
    source: source.name,
    row: 0,
    column: null,
    value: null,
    code: 'unknown_format',
    zh: '无法识别的文件格式：请提供 CSV、XLSX、电子发票 XML 或其 ZIP 压缩包',
    en: 'Unrecognised file format: expected CSV, XLSX, e-invoice XML or a zip of XML files',
  };
}

/** The bulk path: parse in a worker thread while this thread writes (see csv-parse.worker.ts). */
async function streamInvoiceCsvInWorker(
  source: ImportSource,
  options: ImportOptions,
  ingest: IngestOptions & { overrides: readonly unknown[] },
  counters: Counters,
  onBytes: (chunk: Uint8Array) => Promise<void>,
  sink: (records: readonly InvoiceLineRecord[]) => Promise<void>,
): Promise<void> {
  const chunks = parseCsvInWorker(
    {
      path: source.path,
      source: source.name,
      ...(options.encoding ? { encoding: options.encoding } : {}),
      overrides: ingest.overrides,
      allowList: [...(ingest.taxIdAllowList ?? [])],
    },
    (encoding) => (counters.encoding = encoding),
  );
  for await (const chunk of chunks) {
    if (chunk.bytes) await onBytes(chunk.bytes);
    absorbIssues(counters, {
      records: [],
      issues: chunk.issues,
      fatal: chunk.fatal,
      rowsRead: chunk.rowsRead,
    });
    if (counters.fatal) return;
    await sink(unpackRecords(chunk.packed));
  }
}

async function streamCsv<K extends ImportKind>(
  kind: K,
  source: ImportSource,
  ingest: IngestOptions,
  counters: Counters,
  onBytes: (chunk: Uint8Array) => Promise<void>,
  sink: (records: readonly RecordOf<K>[]) => Promise<void>,
): Promise<void> {
  const parser: ChunkParser<RecordOf<K>> = createCsvParser(kind, ingest);
  for await (const chunk of readChunks(source.path)) {
    await onBytes(chunk);
    const out = parser.push(chunk);
    absorbIssues(counters, out);
    if (counters.fatal) return;
    await sink(out.records);
  }
  const out = parser.end();
  absorbIssues(counters, out);
  counters.encoding = parser.encoding ?? null;
  await sink(out.records);
}

/** Reads a whole registry-type source (enterprises, quotas, prices: small files) into records. */
async function parseSmallSource<K extends Exclude<ImportKind, 'invoices'>>(
  kind: K,
  source: ImportSource,
  options: ImportOptions,
  ingest: IngestOptions,
  counters: Counters,
  onBytes: (chunk: Uint8Array) => Promise<void>,
): Promise<RecordOf<K>[]> {
  const records: RecordOf<K>[] = [];
  if (source.format === 'csv') {
    await streamCsv(kind, source, ingest, counters, onBytes, async (r) => {
      records.push(...r);
    });
  } else if (source.format === 'xlsx') {
    const bytes = await readFile(source.path);
    await onBytes(bytes);
    const out = parseXlsx(kind, bytes, { ...ingest, sheet: options.sheet });
    absorbIssues(counters, out);
    records.push(...out.records);
  } else {
    counters.fatal = unknownFormat(source);
  }
  return records;
}

async function writeRegistryRecords(
  tx: StoreTransaction,
  kind: Exclude<ImportKind, 'invoices'>,
  records: readonly unknown[],
  batchId: number,
  counters: Counters,
): Promise<void> {
  if (kind === 'enterprises') {
    const rows = (records as EnterpriseRecord[]).map((r) => ({
      taxId: r.taxId,
      name: r.name,
      roles: ENTERPRISE_ROLES.filter((role) => r.roles.includes(role)).join(','),
      region: r.region,
      groupName: r.group,
      miningLicence: r.miningLicence,
      founded: r.founded,
      deregistered: r.deregistered,
      openingStockKg: r.openingStockKg,
      extra: JSON.stringify(r.extra),
      flags: r.flags,
    }));
    const res = await upsertEnterprises(tx.db, rows, batchId);
    counters.accepted += res.inserted + res.updated;
    counters.updated += res.updated;
    counters.duplicate += res.duplicate;
  } else if (kind === 'quotas') {
    const rows = (records as QuotaRecord[]).map((r) => ({
      year: r.year,
      quotaBatch: r.batch ?? '',
      taxId: r.taxId ?? '',
      groupName: r.group ?? '',
      kind: r.kind,
      kg: r.kg,
    }));
    const res = await insertQuotas(tx.db, rows, batchId);
    counters.accepted += res.inserted;
    counters.duplicate += res.duplicate;
  } else {
    const rows = (records as PriceRecord[]).map((r) => ({
      date: r.date,
      productId: r.productId,
      price: r.price,
      unit: r.unit,
      vatIncluded: r.vatIncluded ? 1 : 0,
      source: r.source ?? '',
    }));
    const res = await insertPrices(tx.db, rows, batchId);
    counters.accepted += res.inserted;
    counters.duplicate += res.duplicate;
  }
}

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
        const sink = createInvoiceSink(tx, id, counters);
        await parseInvoiceSource(source, options, ingest, counters, onBytes, async (records) => {
          if (writing()) await sink.write(records);
          await flushRejects();
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
        const records = await parseSmallSource(options.kind, source, options, ingest, counters, onBytes);
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
