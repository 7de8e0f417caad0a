// Reading XLSX (Office Open XML spreadsheets) as written by Excel, WPS and LibreOffice: shared and
// inline strings, numbers, booleans, errors, and dates recognised by their number format. The
// worksheet is inflated and tokenized in pieces, so sheets larger than one JS string still read.
import type { IsoDate } from '../domain/dates.ts';
import { isoDateOf } from '../domain/dates.ts';
import type { XmlElement } from './xml-read.ts';
import {
  XmlSyntaxError,
  createXmlTokenizer,
  decodeXmlBytes,
  findAllElements,
  findFirstElement,
  localNameOf,
  parseXml,
} from './xml-read.ts';
import type { ZipDirectoryEntry } from './zip-read.ts';
import { ZipFormatError, listZipEntries, readZipEntry, streamZipEntry } from './zip-read.ts';

/** A workbook that cannot be read (not a zip, no workbook part, malformed XML). */
export class XlsxFormatError extends Error {
  readonly code = 'bad_xlsx';
  constructor(message: string) {
    super(message);
    this.name = 'XlsxFormatError';
  }
}

/** One non-empty cell. */
export interface XlsxCell {
  /**
   * The cell as text: strings as stored; numbers as Excel shows them at most (15 significant
   * digits, so `0.30000000000000004` reads `0.3` and a 20-digit number stays `2.51520000000123E+19`);
   * booleans `TRUE`/`FALSE`; errors like `#N/A`.
   */
  readonly text: string;
  /** The numeric value of a number cell (dates are serial numbers); undefined otherwise. */
  readonly number: number | undefined;
  /** The cell's number format is a date or time format. */
  readonly dateFormat: boolean;
}

export interface XlsxWorkbook {
  /** Sheet names in workbook order. */
  readonly sheetNames: readonly string[];
  /** True for the 1904 date system (old Mac Excel). */
  readonly date1904: boolean;
  /**
   * Calls `onRow` for each row that has at least one cell, in order, with the 1-based row number
   * as Excel shows it and the cells by 0-based column (A = 0; undefined where empty).
   */
  readRows(
    sheetName: string,
    onRow: (rowNumber: number, cells: readonly (XlsxCell | undefined)[]) => void,
  ): void;
}

/**
 * Converts an Excel serial date to a calendar date. 1900 system: serial 1 = 1900-01-01 and
 * Excel's phantom 1900-02-29 (serial 60, a Lotus 1-2-3 compatibility bug) does not exist, so
 * serials from 61 on are one day off a plain count; 1904 system: serial 0 = 1904-01-01.
 * The time of day (the fraction) is dropped.
 * @example excelSerialToIsoDate(41501) // '2013-08-15'
 */
export function excelSerialToIsoDate(serial: number, date1904 = false): IsoDate | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const day = Math.floor(serial + 1e-9); // 41501.99999999 written for midnight still means that day
  let dayNumber: number;
  if (date1904) {
    if (day < 0) return undefined;
    dayNumber = day - 24107; // 1904-01-01 is day -24107 since 1970-01-01
  } else {
    if (day < 1 || day === 60) return undefined;
    dayNumber = day < 60 ? day - 25568 : day - 25569; // 1899-12-31 + day, or 1899-12-30 + day
  }
  if (dayNumber > 84000) return undefined; // beyond year 2200: not a date anyone meant
  return isoDateOf(dayNumber);
}

// Built-in number formats that are dates or times (ECMA-376 §18.8.30), plus 27–36 and 50–58,
// which are the CJK date formats (年月日) in Chinese, Japanese and Korean locales.
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/**
 * True when a custom number format code shows a date or time: after removing quoted literals,
 * escaped characters and bracketed parts (colours, locales, `[DBNum1]`), it still holds y, m, d,
 * h or s. `[h]`/`[mm]`/`[ss]` elapsed-time parts also count.
 * @example isDateFormatCode('yyyy"年"m"月"d"日"') // true
 */
export function isDateFormatCode(code: string): boolean {
  const section = code.split(';')[0] ?? '';
  if (/\[(h+|m+|s+)\]/i.test(section)) return true;
  const stripped = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  if (/^general$/i.test(stripped.trim())) return false;
  return /[ymdhs]/i.test(stripped);
}

function columnIndexOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return col - 1;
}

function rowNumberOf(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : 0;
}

/** OOXML escapes control characters in strings as `_xHHHH_` (ECMA-376 §22.9.2.19). */
function unescapeOoxml(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Number cell text as Excel would show it at most: integers as written, decimals with up to 15
 * significant digits as written, anything longer (binary noise like 0.30000000000000004, or
 * exponent forms) rounded to 15 significant digits, with an `E+nn` exponent from 1e15 on.
 */
export function numberCellText(raw: string): string {
  const text = raw.trim();
  if (/^-?\d+$/.test(text)) return text;
  const m = /^-?(\d*)\.(\d+)$/.exec(text);
  if (m) {
    const digits = `${m[1] ?? ''}${m[2] ?? ''}`.replace(/^0+/, '');
    if (digits.length <= 15) return text;
  }
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const p = n.toPrecision(15);
  const e = p.indexOf('e');
  if (e < 0) return p.indexOf('.') >= 0 ? p.replace(/\.?0+$/, '') : p;
  const mantissa = p.slice(0, e).replace(/\.?0+$/, '');
  const exponent = Number(p.slice(e + 1));
  if (Math.abs(n) < 1e15 && exponent < 0) {
    // small numbers: plain decimals, as Excel's General format shows them down to 1e-9 or so
    const fixed = n.toFixed(Math.min(20, 15 - exponent - 1));
    return fixed.replace(/\.?0+$/, '');
  }
  return `${mantissa}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/');
  parts.pop();
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * Opens a workbook: reads its parts list, workbook, relationships, shared strings and styles.
 * Throws XlsxFormatError (or ZipFormatError) when the file is not a readable workbook.
 * @example openXlsx(bytes).sheetNames // ['发票明细']
 */
export function openXlsx(bytes: Uint8Array): XlsxWorkbook {
  let entries: ZipDirectoryEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (err) {
    if (err instanceof ZipFormatError) throw new XlsxFormatError(`not an XLSX workbook: ${err.message}`);
    throw err;
  }
  // Part names are case-insensitive in OPC (ECMA-376 Part 2 §9.1.1.1).
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const entry = (name: string): ZipDirectoryEntry | undefined => byName.get(name.toLowerCase());

  function readXmlPart(name: string): XmlElement | undefined {
    const e = entry(name);
    if (!e) return undefined;
    try {
      return parseXml(decodeXmlBytes(readZipEntry(bytes, e)));
    } catch (err) {
      if (err instanceof XmlSyntaxError || err instanceof ZipFormatError)
        throw new XlsxFormatError(`${name}: ${err.message}`);
      throw err;
    }
  }

  function relationships(part: string): Map<string, { type: string; target: string }> {
    const rels = new Map<string, { type: string; target: string }>();
    const doc = readXmlPart(relsPathOf(part));
    if (!doc) return rels;
    for (const r of findAllElements(doc, 'Relationship')) {
      const id = r.attributes.Id ?? '';
      const target = r.attributes.Target ?? '';
      if (r.attributes.TargetMode === 'External') continue;
      rels.set(id, { type: r.attributes.Type ?? '', target: resolveTarget(part, target) });
    }
    return rels;
  }

  const rootRels = relationships('');
  const officeDocument = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPath = officeDocument?.target ?? 'xl/workbook.xml';
  const workbook = readXmlPart(workbookPath);
  if (!workbook) throw new XlsxFormatError('not an XLSX workbook: no xl/workbook.xml');
  const workbookRels = relationships(workbookPath);

  const workbookPr = findFirstElement(workbook, 'workbookPr');
  const date1904 = workbookPr?.attributes.date1904 === '1' || workbookPr?.attributes.date1904 === 'true';

  const sheets: { name: string; path: string }[] = [];
  findAllElements(workbook, 'sheet').forEach((s, i) => {
    const rid = Object.entries(s.attributes).find(([k]) => localNameOf(k) === 'id')?.[1];
    const target = rid !== undefined ? workbookRels.get(rid)?.target : undefined;
    sheets.push({
      name: s.attributes.name ?? `Sheet${i + 1}`,
      path: target ?? `xl/worksheets/sheet${i + 1}.xml`,
    });
  });

  const relOfType = (suffix: string): string | undefined =>
    [...workbookRels.values()].find((r) => r.type.endsWith(suffix))?.target;

  // Shared strings: <si> with <t>, or rich-text runs <r><t>; phonetic runs <rPh> are not content.
  const sharedStrings: string[] = [];
  const sstEntry = entry(relOfType('/sharedStrings') ?? 'xl/sharedStrings.xml');
  if (sstEntry) {
    let current = '';
    let inT = false;
    let phonetic = 0;
    tokenizeEntry(sstEntry, {
      onOpen(name) {
        const local = localNameOf(name);
        if (local === 'si') current = '';
        else if (local === 't') inT = true;
        else if (local === 'rPh') phonetic++;
      },
      onText(text) {
        if (inT && phonetic === 0) current += text;
      },
      onClose(name) {
        const local = localNameOf(name);
        if (local === 't') inT = false;
        else if (local === 'rPh') phonetic--;
        else if (local === 'si') sharedStrings.push(unescapeOoxml(current));
      },
    });
  }

  // Styles: which cellXfs index shows a date.
  const dateStyles: boolean[] = [];
  const styles = readXmlPart(relOfType('/styles') ?? 'xl/styles.xml');
  if (styles) {
    const custom = new Map<number, string>();
    for (const f of findAllElements(styles, 'numFmt'))
      custom.set(Number(f.attributes.numFmtId), f.attributes.formatCode ?? '');
    const cellXfs = findFirstElement(styles, 'cellXfs');
    for (const xf of cellXfs ? cellXfs.children.filter((c) => c.localName === 'xf') : []) {
      const id = Number(xf.attributes.numFmtId ?? '0');
      const code = custom.get(id);
      dateStyles.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
    }
  }

  function tokenizeEntry(e: ZipDirectoryEntry, handler: Parameters<typeof createXmlTokenizer>[0]): void {
    const tokenizer = createXmlTokenizer(handler);
    const decoder = new TextDecoder('utf-8');
    try {
      streamZipEntry(bytes, e, (piece) => tokenizer.push(decoder.decode(piece, { stream: true })));
      tokenizer.push(decoder.decode());
      tokenizer.end();
    } catch (err) {
      if (err instanceof XmlSyntaxError || err instanceof ZipFormatError)
        throw new XlsxFormatError(`${e.name}: ${err.message}`);
      throw err;
    }
  }

  return {
    sheetNames: sheets.map((s) => s.name),
    date1904,
    readRows(sheetName, onRow) {
      const sheet = sheets.find((s) => s.name === sheetName);
      if (!sheet) throw new XlsxFormatError(`no sheet named ${sheetName}`);
      const e = entry(sheet.path);
      if (!e) throw new XlsxFormatError(`sheet ${sheetName}: part ${sheet.path} is missing`);

      let rowNumber = 0;
      let cells: (XlsxCell | undefined)[] = [];
      let hasCell = false;
      let col = -1;
      let type = '';
      let style = 0;
      let value = '';
      let inValue = false; // inside <v>, or <t> of an inline string
      let inlinePhonetic = 0;
      let cellOpen = false;

      function finishCell(): void {
        cellOpen = false;
        let cell: XlsxCell | undefined;
        switch (type) {
          case 's': {
            const text = sharedStrings[Number(value)];
            cell =
              text === undefined || text === '' ? undefined : { text, number: undefined, dateFormat: false };
            break;
          }
          case 'inlineStr':
          case 'str':
            cell =
              value === '' ? undefined : { text: unescapeOoxml(value), number: undefined, dateFormat: false };
            break;
          case 'b':
            cell =
              value === ''
                ? undefined
                : {
                    text: value === '1' || value === 'true' ? 'TRUE' : 'FALSE',
                    number: undefined,
                    dateFormat: false,
                  };
            break;
          case 'e':
            cell = value === '' ? undefined : { text: value, number: undefined, dateFormat: false };
            break;
          case 'd': // ISO 8601 date text (Strict / LibreOffice)
            cell = value === '' ? undefined : { text: value, number: undefined, dateFormat: true };
            break;
          default: {
            if (value === '') break;
            const number = Number(value);
            cell = Number.isFinite(number)
              ? { text: numberCellText(value), number, dateFormat: dateStyles[style] === true }
              : { text: value, number: undefined, dateFormat: false };
          }
        }
        if (cell && col >= 0) {
          cells[col] = cell;
          hasCell = true;
        }
      }

      tokenizeEntry(e, {
        onOpen(name, attributes) {
          switch (localNameOf(name)) {
            case 'row':
              rowNumber = attributes.r !== undefined ? Number(attributes.r) : rowNumber + 1;
              cells = [];
              hasCell = false;
              col = -1;
              break;
            case 'c':
              col = attributes.r !== undefined ? columnIndexOf(attributes.r) : col + 1;
              if (attributes.r !== undefined && rowNumber === 0) rowNumber = rowNumberOf(attributes.r);
              type = attributes.t ?? 'n';
              style = attributes.s !== undefined ? Number(attributes.s) : 0;
              value = '';
              cellOpen = true;
              break;
            case 'v':
              inValue = cellOpen;
              break;
            case 't':
              inValue = cellOpen && inlinePhonetic === 0;
              break;
            case 'rPh':
              inlinePhonetic++;
              break;
          }
        },
        onText(text) {
          if (inValue) value += text;
        },
        onClose(name) {
          switch (localNameOf(name)) {
            case 'v':
            case 't':
              inValue = false;
              break;
            case 'rPh':
              inlinePhonetic--;
              break;
            case 'c':
              finishCell();
              break;
            case 'row':
              if (hasCell) onRow(rowNumber, cells);
              break;
          }
        },
      });
    },
  };
}
