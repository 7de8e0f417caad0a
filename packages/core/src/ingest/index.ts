// Public entry of @oresight/core/ingest: bytes of import files → typed records and row issues.
// Pure and browser-safe: no file system, no clock; the caller reads files and passes bytes.
export type { ImportKind, RecordOf, IngestOptions, ParseOutput, ChunkParser } from './types.ts';
export type { ImportColumn, ColumnRequirement } from './columns.ts';
export { IMPORT_COLUMNS, normalizeHeader } from './columns.ts';
export { createCsvParser } from './csv.ts';
export { parseXlsx } from './xlsx.ts';
export { parseEInvoiceXml } from './einvoice-xml.ts';
export { detectFileFormat } from './detect.ts';
export type { FileFormat } from './detect.ts';
export { describeIssue, ISSUE_CODES } from './messages.ts';
export {
  parseDateText,
  parseTaxRateText,
  parseYesNo,
  parseStatusText,
  normalizeIdentity,
  parseOriginalReference,
  fnv1a64Hex,
} from './values.ts';
export {
  CATALOGUE_FLAGS,
  catalogueFlags,
  deriveItem,
  isOrdinaryInvoiceKind,
  lineReoKg,
} from './line-derivation.ts';
export type { ItemDerivation } from './line-derivation.ts';
export { LineFlag, EnterpriseFlag } from './records.ts';
export type {
  InvoiceLineRecord,
  InvoiceStatus,
  EnterpriseRecord,
  QuotaRecord,
  PriceRecord,
  RowIssue,
  LineFlagName,
} from './records.ts';
export { readZipEntries, ZipFormatError } from '../formats/zip-read.ts';
export { excelSerialToIsoDate } from '../formats/xlsx-read.ts';
