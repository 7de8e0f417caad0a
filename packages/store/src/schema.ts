// The store's tables as Kysely sees them (camelCase here, snake_case in SQL via CamelCasePlugin).
// One schema for SQLite and PostgreSQL: dates are `YYYY-MM-DD` text, timestamps ISO-8601 text,
// booleans 0/1 integers, JSON as text, money in integer fen (architecture.md §4).
import type { ColumnType, Generated } from 'kysely';

/** An id the database assigns. PostgreSQL bigint ids are parsed to numbers (see open-store.ts). */
type Id = Generated<number>;

export interface ImportBatchTable {
  id: Id;
  kind: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  format: string;
  encoding: string | null;
  /** committed | rejected | dry_run */
  status: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  /** enterprises: rows that changed an existing registry entry */
  updated: number;
  userName: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** JSON: the options the import ran with (skipInvalid, encoding, sheet, …) */
  options: string;
  /** JSON: a short summary (issue counts by code, flag counts, periods covered) */
  summary: string;
}

export interface ImportFileChunkTable {
  batchId: number;
  seq: number;
  /** gzip of the original bytes, chunked so that no single value is huge */
  data: Uint8Array;
}

export interface RejectTable {
  id: Id;
  batchId: number;
  source: string;
  rowNo: number;
  columnName: string | null;
  value: string | null;
  code: string;
  messageZh: string;
  messageEn: string;
}

export interface EnterpriseTable {
  taxId: string;
  name: string;
  /** roles joined with ',' in ENTERPRISE_ROLES order */
  roles: string;
  region: string | null;
  groupName: string | null;
  miningLicence: string | null;
  founded: string | null;
  deregistered: string | null;
  openingStockKg: number | null;
  /** JSON object of extra columns */
  extra: string;
  flags: number;
  batchId: number | null;
  updatedAt: string;
}

export interface QuotaTable {
  id: Id;
  year: number;
  quotaBatch: string;
  taxId: string;
  groupName: string;
  kind: string;
  kg: number;
  batchId: number;
}

export interface PriceTable {
  id: Id;
  date: string;
  productId: string;
  price: number;
  unit: string;
  vatIncluded: number;
  source: string;
  batchId: number;
}

export interface InvoiceLineTable {
  id: Id;
  batchId: number;
  source: string;
  rowNo: number;
  invoiceKey: string;
  lineNo: number;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  eInvoiceNumber: string | null;
  issueDate: string;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  taxCode: string | null;
  specialBusiness: string | null;
  itemName: string;
  specification: string | null;
  unit: string;
  quantity: string;
  unitPrice: string;
  amountFen: number;
  taxRate: number | null;
  taxFen: number;
  totalFen: number | null;
  invoiceKind: string | null;
  status: string;
  originalInvoiceKey: string | null;
  remark: string | null;
  productId: string | null;
  kg: number;
  reoKg: number;
  flags: number;
}

/** Red-letter linkage computed by imports (RED_WITHOUT_ORIGINAL / RED_EXCEEDS_ORIGINAL bits). */
export interface RedLinkTable {
  lineId: number;
  flags: number;
}

/** Columnar copies of a batch's lines for fast inspection loads (derived, rebuildable). */
export interface LineSegmentTable {
  id: Id;
  batchId: number;
  seq: number;
  lineCount: number;
  minDate: string;
  maxDate: string;
  /** encoding version of `data` */
  format: number;
  data: Uint8Array;
}

export interface CatalogueOverrideTable {
  productId: string;
  /** JSON CatalogueOverride */
  definition: string;
  updatedAt: string;
  userName: string | null;
}

export interface TaxIdAllowTable {
  taxId: string;
  reason: string;
  createdAt: string;
  userName: string | null;
}

export interface PolicyTable {
  id: Id;
  policyId: string;
  version: string;
  hash: string;
  /** JSON policy */
  body: string;
  createdAt: string;
  userName: string | null;
}

export interface InspectionRunTable {
  id: Id;
  status: string;
  periodFrom: string;
  periodTo: string;
  policyId: string;
  policyVersion: string;
  policyHash: string;
  fingerprint: string;
  invoiceLines: number;
  enterprises: number;
  black: number;
  grey: number;
  white: number;
  unrated: number;
  createdAt: string;
  finishedAt: string | null;
  userName: string | null;
  /** JSON: per-stage timings and notes */
  stats: string;
  error: string | null;
  /** gzip of the serialized InspectionResult */
  result: Uint8Array | null;
}

export interface RunEntryTable {
  runId: number;
  taxId: string;
  name: string;
  region: string | null;
  roles: string;
  groupName: string | null;
  list: string;
  score: number;
  /** JSON signals */
  signals: string;
  /** JSON reasons */
  reasons: string;
}

export interface AuditLogTable {
  id: Id;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  /** JSON */
  details: string;
  prevHash: string;
  hash: string;
}

export interface StoreMetaTable {
  key: string;
  value: string;
}

export interface Database {
  importBatches: ImportBatchTable;
  importFileChunks: ImportFileChunkTable;
  rejects: RejectTable;
  enterprises: EnterpriseTable;
  quotas: QuotaTable;
  prices: PriceTable;
  invoiceLines: InvoiceLineTable;
  redLinks: RedLinkTable;
  lineSegments: LineSegmentTable;
  catalogueOverrides: CatalogueOverrideTable;
  taxIdAllowList: TaxIdAllowTable;
  policies: PolicyTable;
  inspectionRuns: InspectionRunTable;
  runEntries: RunEntryTable;
  auditLog: AuditLogTable;
  storeMeta: StoreMetaTable;
}

export type { ColumnType };
