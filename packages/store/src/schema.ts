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

/**
 * One invoice line as invoiced: the view `invoice_lines` over invoices, invoice_items and
 * invoice_line_rows (migration 0005). Read-only: the import writes the three tables.
 */
export interface InvoiceLineTable {
  id: number;
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
  invoiceId: number;
  itemId: number;
}

/** An invoice's header: one per invoice identity. */
export interface InvoiceTable {
  id: Id;
  batchId: number;
  source: string;
  invoiceKey: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  eInvoiceNumber: string | null;
  issueDate: string;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  specialBusiness: string | null;
  invoiceKind: string | null;
  status: string;
  originalInvoiceKey: string | null;
  remark: string | null;
}

/** A distinct (item name, specification, unit, tax code); '' stands for an empty value. */
export interface InvoiceItemTable {
  id: Id;
  itemName: string;
  specification: string;
  unit: string;
  taxCode: string;
  productId: string | null;
}

/** A line's own values; identity (invoice_id, line_no). */
export interface InvoiceLineRowTable {
  id: Id;
  invoiceId: number;
  lineNo: number;
  batchId: number;
  source: string | null;
  rowNo: number;
  itemId: number;
  quantity: string;
  unitPrice: string;
  amountFen: number;
  taxRate: number | null;
  taxFen: number;
  totalFen: number | null;
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
  invoices: InvoiceTable;
  invoiceItems: InvoiceItemTable;
  invoiceLineRows: InvoiceLineRowTable;
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

// Sign-in tables (migration 0002-auth). Declared as a second `Database` declaration, which
// TypeScript merges with the one above, so that several migrations can add tables without
// editing the same lines.
export interface UserTable {
  id: Id;
  username: string;
  /** admin | analyst | inspector | viewer */
  role: string;
  /** region codes (xx0000 or xxyy00) joined with ','; '' = unrestricted */
  regions: string;
  /** scrypt$N$r$p$salt$hash (base64url) */
  passwordHash: string;
  disabled: number;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the session token: the token itself is only in the user's cookie. */
  id: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface ApiTokenTable {
  id: Id;
  userId: number;
  name: string;
  /** SHA-256 (hex) of the token, shown to its owner once. */
  tokenHash: string;
  /** The token's first characters, to recognise it in a list. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable;
}

// Campaigns, registration, inspection tasks, list governance (migration 0004-campaigns, issue 7).
export interface CampaignTable {
  id: Id;
  name: string;
  periodFrom: string;
  periodTo: string;
  /** region codes joined with ','; '' = nationwide */
  regions: string;
  /** enterprise roles joined with ','; '' = every role */
  roles: string;
  /** JSON: the measures and task rules per list (app/campaigns/measures.ts) */
  measures: string;
  description: string;
  /** active | closed */
  status: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface RegistrationTable {
  id: Id;
  campaignId: number;
  taxId: string;
  name: string;
  region: string | null;
  /** registered | verified (no row: not registered) */
  status: string;
  /** JSON array of { kind, number, validUntil } */
  licences: string;
  /** Declared annual capacity, kg REO. */
  capacityKg: number | null;
  /** Declared opening stock, kg REO (overrides the registry's in the mass balance). */
  openingStockKg: number | null;
  openingStockDate: string | null;
  /** JSON Composition (element → share) or null */
  openingStockComposition: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  address: string | null;
  notes: string | null;
  /** manual | file:<name> */
  source: string;
  registeredAt: string;
  registeredBy: string;
  verifiedAt: string | null;
  verifiedBy: string | null;
  updatedAt: string;
  updatedBy: string;
}

export interface InspectionTaskTable {
  id: Id;
  campaignId: number;
  runId: number;
  taxId: string;
  name: string;
  region: string | null;
  /** The run's list for the enterprise. */
  computedList: string;
  /** The list in force when the task was made (overrides applied). */
  list: string;
  score: number;
  /** onsite_inspection | document_request | desk_review | data_collection | routine_check */
  kind: string;
  /** JSON MeasureText[] */
  measures: string;
  dueDate: string;
  assignee: string | null;
  /** open | in_progress | findings_recorded | closed */
  status: string;
  outcome: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface TaskFindingTable {
  id: Id;
  taskId: number;
  violationKind: string;
  description: string;
  seizedKg: number;
  /** Penalty in integer fen (exact money). */
  penaltyFen: number;
  licenceAction: string;
  recordedAt: string;
  recordedBy: string;
}

export interface TaskAttachmentTable {
  id: Id;
  taskId: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** SHA-256 (hex) of `data` */
  sha256: string;
  data: Uint8Array;
  uploadedAt: string;
  uploadedBy: string;
}

export interface ListOverrideTable {
  id: Id;
  runId: number;
  taxId: string;
  name: string;
  region: string | null;
  computedList: string;
  /** The list in force when the override was requested. */
  fromList: string;
  list: string;
  reason: string;
  expiresOn: string | null;
  /** 1 when the move is onto or off the black list (four eyes). */
  needsApproval: number;
  /** pending | approved | applied | rejected | withdrawn | superseded */
  status: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface ListPublicationTable {
  id: Id;
  runId: number;
  title: string;
  /** The date the overrides' expiry was judged at. */
  asOf: string;
  entries: number;
  /** JSON { black, grey, white, unrated } */
  counts: string;
  /** Entries whose list was overridden. */
  overrides: number;
  /** SHA-256 (hex) of the frozen entries' canonical content */
  sha256: string;
  publishedAt: string;
  publishedBy: string;
}

export interface PublicationEntryTable {
  publicationId: number;
  taxId: string;
  name: string;
  region: string | null;
  roles: string;
  groupName: string | null;
  computedList: string;
  list: string;
  score: number;
  /** Fired rule ids joined with ',' */
  rules: string;
  overrideId: number | null;
  overrideReason: string | null;
  overrideExpiresOn: string | null;
}

export interface AppealTable {
  id: Id;
  publicationId: number;
  taxId: string;
  filedOn: string;
  grounds: string;
  /** pending | upheld | dismissed */
  status: string;
  outcomeNote: string | null;
  filedBy: string;
  filedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface Database {
  campaigns: CampaignTable;
  registrations: RegistrationTable;
  inspectionTasks: InspectionTaskTable;
  taskFindings: TaskFindingTable;
  taskAttachments: TaskAttachmentTable;
  listOverrides: ListOverrideTable;
  listPublications: ListPublicationTable;
  publicationEntries: PublicationEntryTable;
  appeals: AppealTable;
}
