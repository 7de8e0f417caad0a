// Public entry of @oresight/core/simulate: a national rare earth year with known truth (issue 3).
// Pure and deterministic: createScenario plans the year (registry, quotas, prices, flows, truth);
// createInvoiceLineStream writes its invoice lines in date order with bounded memory; the encoders
// turn both into the files formats.md describes. See docs/simulation.md.
export {
  DEFAULT_SIMULATION,
  DEFAULT_ILLEGAL_RATIO,
  MIN_ENTERPRISES,
  validateSimulationOptions,
} from './options.ts';
export type { SimulationOptions, OptionProblem } from './options.ts';
export { createScenario } from './scenario.ts';
export type { Scenario, ScenarioTotals } from './scenario.ts';
export { createInvoiceLineStream } from './invoice-stream.ts';
export {
  INVOICE_FIELDS,
  INVOICE_HEADERS_ZH,
  INVOICE_HEADERS_EN,
  invoiceLineValues,
  invoiceIdOf,
} from './line.ts';
export type { SimulatedInvoiceLine } from './line.ts';
export {
  enterpriseTable,
  quotaTable,
  priceTable,
  encodeEnterprisesCsv,
  encodeQuotasCsv,
  encodePricesCsv,
  createInvoiceCsvEncoder,
  createInvoiceCsvStream,
  invoiceXlsxHeader,
  invoiceLineXlsxCells,
  tableXlsxCells,
  TABLE_XLSX_COLUMNS,
  XLSX_INVOICE_ROWS_PER_FILE,
  encodeEInvoiceXml,
  chineseAmount,
  truthJson,
} from './encode.ts';
export type { HeaderLanguage, Table, TruthLayout } from './encode.ts';
export { VIOLATION_KINDS } from './model.ts';
export type { ViolationKind, SimEnterprise, PlannedStream, PlannedItem, QuotaRow } from './model.ts';
export { DIRTY_KINDS, BAD_ROW_KINDS, ANOMALY_KINDS } from './dirty.ts';
export type { DirtyKind, DirtyRow } from './dirty.ts';
export type { TruthViolator, TruthExposed, TruthCycle, PlannedSignals } from './truth.ts';
export { referenceExVatPerKg } from './prices.ts';
export type { PriceBook, QuoteSeries } from './prices.ts';
export { createXlsxWriter, xlsxDate, XLSX_MAX_ROWS } from '../formats/xlsx-write.ts';
export type { XlsxCell, XlsxWriter, XlsxWriterOptions } from '../formats/xlsx-write.ts';
export type { CsvEncoding } from '../formats/csv-write.ts';
