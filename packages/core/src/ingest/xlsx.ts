// XLSX import: the first sheet (or the named one) through the same row mappers as CSV. Date
// columns also accept Excel serial numbers (what a date cell is inside the file).
import type { ImportKind } from './columns.ts';
import type { IngestOptions, ParseOutput, RecordOf, RowMapper, RowOutput } from './types.ts';
import type { RowIssue } from './records.ts';
import type { XlsxCell } from '../formats/xlsx-read.ts';
import { XlsxFormatError, excelSerialToIsoDate, openXlsx } from '../formats/xlsx-read.ts';
import { createRowMapper, isBlankRow } from './mapper.ts';
import { makeIssue } from './messages.ts';

/**
 * A number in a date column: `20130815` (a yyyymmdd integer not formatted as a date) reads as
 * that date, anything else as an Excel serial date.
 */
function dateCellText(cell: XlsxCell, date1904: boolean): string {
  const n = cell.number;
  if (n === undefined) return cell.text;
  if (!cell.dateFormat && Number.isInteger(n) && n >= 19000101 && n <= 22001231) return String(n);
  return excelSerialToIsoDate(n, date1904) ?? cell.text;
}

function failed<R>(issue: RowIssue): ParseOutput<R> {
  return { records: [], issues: [], fatal: issue, rowsRead: 0 };
}

/**
 * Parses one sheet of an XLSX workbook. Row numbers are the sheet's own (as Excel shows them).
 * @example parseXlsx('invoices', bytes, { source: 'a.xlsx', catalogue }).records.length
 */
export function parseXlsx<K extends ImportKind>(
  kind: K,
  bytes: Uint8Array,
  options: IngestOptions,
): ParseOutput<RecordOf<K>> {
  const source = options.source;
  try {
    const workbook = openXlsx(bytes);
    let sheet = workbook.sheetNames[0];
    if (options.sheet !== undefined) {
      const want = options.sheet.normalize('NFKC').trim().toLowerCase();
      sheet =
        workbook.sheetNames.find((s) => s === options.sheet) ??
        workbook.sheetNames.find((s) => s.normalize('NFKC').trim().toLowerCase() === want);
      if (sheet === undefined)
        return failed(
          makeIssue(source, 0, null, null, 'sheet_not_found', {
            sheet: options.sheet,
            sheets: workbook.sheetNames.join(', '),
          }),
        );
    }
    if (sheet === undefined) return failed(makeIssue(source, 0, null, null, 'empty_file'));

    let mapper: RowMapper<RecordOf<K>> | undefined;
    let fatal: RowIssue | null = null;
    let isDateColumn: boolean[] = [];
    const out: RowOutput<RecordOf<K>> = { records: [], issues: [], rowsRead: 0 };
    const texts: string[] = [];
    workbook.readRows(sheet, (rowNumber, cells) => {
      if (fatal !== null) return;
      texts.length = cells.length;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i];
        texts[i] =
          cell === undefined
            ? ''
            : isDateColumn[i] === true
              ? dateCellText(cell, workbook.date1904)
              : cell.text;
      }
      if (isBlankRow(texts, texts.length)) return;
      if (mapper === undefined) {
        const result = createRowMapper(kind, [...texts], options);
        if ('fatal' in result) fatal = result.fatal;
        else {
          mapper = result.mapper;
          isDateColumn = [];
          for (const c of mapper.dateColumns) if (c >= 0) isDateColumn[c] = true;
        }
        return;
      }
      mapper.mapRow(texts, rowNumber, out);
    });
    if (fatal !== null) return failed(fatal);
    if (mapper === undefined) return failed(makeIssue(source, 0, null, null, 'empty_file'));
    return { records: out.records, issues: out.issues, fatal: null, rowsRead: out.rowsRead };
  } catch (err) {
    if (err instanceof XlsxFormatError)
      return failed(makeIssue(source, 0, null, null, 'bad_xlsx', { detail: err.message }));
    throw err;
  }
}
