// Public entry of @oresight/core/formats: file formats shared by ingestion, simulation and the
// app's exports (XLSX, CSV bytes, GBK, zip). Depends on domain only.
export { createXlsxWriter, xlsxDate, excelSerialOf, XLSX_MAX_ROWS } from './xlsx-write.ts';
export type { XlsxCell, XlsxDate, XlsxWriter, XlsxWriterOptions } from './xlsx-write.ts';
export { encodeCsv, csvQuote } from './csv-write.ts';
export type { CsvEncoding } from './csv-write.ts';
export { encodeGbk } from './gbk-encode.ts';
export { readZipEntries, listZipEntries, looksLikeZip, ZipFormatError } from './zip-read.ts';
export { openXlsx, XlsxFormatError, excelSerialToIsoDate } from './xlsx-read.ts';
export type { XlsxWorkbook, XlsxCell as XlsxReadCell } from './xlsx-read.ts';
