// Streaming XLSX writing (formats.md §1: "XLSX (first sheet)"). One worksheet per workbook, inline
// strings (no shared-string table, so nothing grows with the row count), numbers as numbers and
// dates as real Excel dates (serial number + a yyyy-mm-dd style), deflated as it goes through
// fflate's synchronous Zip/ZipDeflate so memory stays bounded however many rows are written.
// Excel's limit is 1,048,576 rows per sheet; the writer refuses more (callers split into files).
import { Zip, ZipDeflate } from 'fflate';
import type { IsoDate } from '../domain/dates.ts';
import { dayNumberOf } from '../domain/dates.ts';

/** Rows per worksheet in Excel 2007+ (header included). */
export const XLSX_MAX_ROWS = 1_048_576;

/** A date cell: written as an Excel serial date with a date format. */
export interface XlsxDate {
  readonly date: IsoDate;
}

/** A cell: text, a number, a date, or empty. */
export type XlsxCell = string | number | XlsxDate | null | undefined;

export interface XlsxWriterOptions {
  /** Receives the zip bytes as they are produced; `final` marks the last chunk. */
  readonly onChunk: (chunk: Uint8Array, final: boolean) => void;
  /** Worksheet name (≤ 31 characters); default `Sheet1`. */
  readonly sheetName?: string;
  /** Deflate level 0–9; default 1 (fast: the sheet XML is highly repetitive anyway). */
  readonly level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Column widths in characters, in column order. */
  readonly columnWidths?: readonly number[];
  /** Freeze the first row (a header); default true. */
  readonly freezeHeader?: boolean;
}

export interface XlsxWriter {
  /** Appends one row. Throws beyond XLSX_MAX_ROWS (a caller bug: split into several files). */
  addRow(cells: readonly XlsxCell[]): void;
  addRows(rows: readonly (readonly XlsxCell[])[]): void;
  /** Closes the sheet and the zip; `onChunk` receives the final bytes. */
  finish(): void;
  /** Rows written so far. */
  readonly rowCount: number;
  /** Rows that still fit in this sheet. */
  readonly remainingRows: number;
}

/**
 * Marks a calendar date for a date cell.
 * @example xlsxDate('2013-08-15') // { date: '2013-08-15' }
 */
export function xlsxDate(date: IsoDate): XlsxDate {
  return { date };
}

/**
 * Excel serial of a calendar date (1900 date system: serial 25569 = 1970-01-01).
 * @example excelSerialOf('2013-08-15') // 41501
 */
export function excelSerialOf(date: IsoDate): number | undefined {
  const n = dayNumberOf(date);
  return n === undefined ? undefined : n + 25569;
}

// Fixed archive timestamp: core has no clock (architecture.md §5 rule 2), and outputs must be
// byte-identical run to run. (fflate writes DOS times in the machine's local time zone.)
const MTIME = new Date(Date.UTC(2020, 0, 1, 12, 0, 0));

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

// Style 0: default; style 1: date (custom format 164 = yyyy-mm-dd); style 2: bold header.
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

function workbookXml(sheetName: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

// XML 1.0 forbids most C0 controls even escaped; drop them (they never belong in invoice text).
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const INVALID_XML_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Escapes text for XML element content and attribute values (and drops characters XML forbids).
 * @example escapeXml('<含税> & "运费"') // '&lt;含税&gt; &amp; &quot;运费&quot;'
 */
export function escapeXml(text: string): string {
  let s = text;
  if (INVALID_XML.test(s)) s = s.replace(INVALID_XML_ALL, '');
  if (!/[&<>"]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const columnNames: string[] = [];
function columnName(index: number): string {
  let name = columnNames[index];
  if (name !== undefined) return name;
  name = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  columnNames[index] = name;
  return name;
}

function addWholeFile(zip: Zip, name: string, text: string, level: XlsxWriterOptions['level']): void {
  const f = new ZipDeflate(name, { level: level ?? 1 });
  f.mtime = MTIME;
  zip.add(f);
  f.push(new TextEncoder().encode(text), true);
}

/**
 * Creates a streaming single-sheet XLSX writer. Rows are turned into sheet XML and deflated in
 * chunks of about 1 MB, so memory does not grow with the row count.
 * @example
 * const chunks: Uint8Array[] = [];
 * const w = createXlsxWriter({ onChunk: (c) => chunks.push(c) });
 * w.addRow(['开票日期', '数量']);
 * w.addRow([xlsxDate('2013-08-15'), 12.5]);
 * w.finish();
 */
export function createXlsxWriter(options: XlsxWriterOptions): XlsxWriter {
  const level = options.level ?? 1;
  const zip = new Zip((err, data, final) => {
    if (err) throw err;
    options.onChunk(data, final);
  });
  addWholeFile(zip, '[Content_Types].xml', CONTENT_TYPES, level);
  addWholeFile(zip, '_rels/.rels', ROOT_RELS, level);
  addWholeFile(zip, 'xl/workbook.xml', workbookXml((options.sheetName ?? 'Sheet1').slice(0, 31)), level);
  addWholeFile(zip, 'xl/_rels/workbook.xml.rels', WORKBOOK_RELS, level);
  addWholeFile(zip, 'xl/styles.xml', STYLES, level);

  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level });
  sheet.mtime = MTIME;
  zip.add(sheet);
  const encoder = new TextEncoder();
  let parts: string[] = [];
  let pending = 0;
  const flush = (final: boolean): void => {
    const text = parts.join('');
    parts = [];
    pending = 0;
    sheet.push(encoder.encode(text), final);
  };
  const write = (s: string): void => {
    parts.push(s);
    pending += s.length;
    if (pending > 1 << 20) flush(false);
  };

  const freeze = options.freezeHeader ?? true;
  let head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
  if (freeze)
    head +=
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  if (options.columnWidths && options.columnWidths.length > 0) {
    head += '<cols>';
    options.columnWidths.forEach((w, i) => {
      head += `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`;
    });
    head += '</cols>';
  }
  head += '<sheetData>';
  write(head);

  let rows = 0;
  let finished = false;

  // Escaped text of repeated strings (names, item names, units): most cells repeat.
  const escaped = new Map<string, string>();
  const escapeCached = (text: string): string => {
    let e = escaped.get(text);
    if (e === undefined) {
      e = escapeXml(text);
      if (escaped.size > 100_000) escaped.clear();
      escaped.set(text, e);
    }
    return e;
  };

  function addRow(cells: readonly XlsxCell[]): void {
    if (finished) throw new Error('xlsx writer already finished');
    if (rows >= XLSX_MAX_ROWS) throw new Error(`a worksheet holds at most ${XLSX_MAX_ROWS} rows`);
    rows++;
    const header = rows === 1 && freeze;
    let xml = `<row r="${rows}">`;
    // Cells carry their reference only after a skipped (empty) cell: readers place the others in
    // sequence (ECMA-376 §18.3.1.4), and the sheet is a third smaller.
    let next = 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === null || cell === undefined || cell === '') continue;
      const ref = i === next ? '' : ` r="${columnName(i)}${rows}"`;
      next = i + 1;
      if (typeof cell === 'number') {
        if (Number.isFinite(cell)) xml += `<c${ref}><v>${cell}</v></c>`;
        else next = i;
      } else if (typeof cell === 'string') {
        const space = /^\s|\s$/.test(cell) ? ' xml:space="preserve"' : '';
        xml += `<c${ref} t="inlineStr"${header ? ' s="2"' : ''}><is><t${space}>${escapeCached(cell)}</t></is></c>`;
      } else {
        const serial = excelSerialOf(cell.date);
        xml +=
          serial === undefined
            ? `<c${ref} t="inlineStr"><is><t>${escapeCached(cell.date)}</t></is></c>`
            : `<c${ref} s="1"><v>${serial}</v></c>`;
      }
    }
    write(`${xml}</row>`);
  }

  return {
    addRow,
    addRows(list) {
      for (const r of list) addRow(r);
    },
    finish() {
      if (finished) return;
      finished = true;
      write('</sheetData></worksheet>');
      flush(true);
      zip.end();
    },
    get rowCount() {
      return rows;
    },
    get remainingRows() {
      return XLSX_MAX_ROWS - rows;
    },
  };
}
