// Registry-type imports (enterprises, quotas, prices): small files, read whole in this thread.
import { readFile } from 'node:fs/promises';
import { ENTERPRISE_ROLES } from '@oresight/core/domain';
import type {
  ChunkParser,
  EnterpriseRecord,
  ImportKind,
  IngestOptions,
  PriceRecord,
  QuotaRecord,
  RecordOf,
} from '@oresight/core/ingest';
import { createCsvParser, parseXlsx } from '@oresight/core/ingest';
import type { StoreTransaction } from '@oresight/store';
import { insertPrices, insertQuotas, upsertEnterprises } from '@oresight/store';
import type { Counters } from './import-counters.ts';
import { absorbIssues } from './import-counters.ts';
import type { ImportSource } from './file-source.ts';
import { readChunks } from './file-source.ts';
import { unknownFormat } from './source-issues.ts';

export type RegistryKind = Exclude<ImportKind, 'invoices'>;

/** Streams a CSV in this thread (registry files; invoices go through the parse worker). */
async function streamCsv<K extends ImportKind>(
  kind: K,
  source: ImportSource,
  ingest: IngestOptions,
  counters: Counters,
  onBytes: (chunk: Uint8Array) => Promise<void>,
): Promise<RecordOf<K>[]> {
  const parser: ChunkParser<RecordOf<K>> = createCsvParser(kind, ingest);
  const records: RecordOf<K>[] = [];
  for await (const chunk of readChunks(source.path)) {
    await onBytes(chunk);
    const out = parser.push(chunk);
    absorbIssues(counters, out);
    if (counters.fatal) return records;
    records.push(...out.records);
  }
  const out = parser.end();
  absorbIssues(counters, out);
  counters.encoding = parser.encoding ?? null;
  records.push(...out.records);
  return records;
}

/** Reads a registry-type source into records (bad rows go to the counters). */
export async function readRegistrySource<K extends RegistryKind>(
  kind: K,
  source: ImportSource,
  sheet: string | undefined,
  ingest: IngestOptions,
  counters: Counters,
  onBytes: (chunk: Uint8Array) => Promise<void>,
): Promise<RecordOf<K>[]> {
  if (source.format === 'csv') return streamCsv(kind, source, ingest, counters, onBytes);
  if (source.format === 'xlsx') {
    const bytes = await readFile(source.path);
    await onBytes(bytes);
    const out = parseXlsx(kind, bytes, { ...ingest, ...(sheet ? { sheet } : {}) });
    absorbIssues(counters, out);
    return out.records;
  }
  counters.fatal = unknownFormat(source);
  return [];
}

/** Writes registry-type records; counts inserted, updated and duplicate rows. */
export async function writeRegistryRecords(
  tx: StoreTransaction,
  kind: RegistryKind,
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
