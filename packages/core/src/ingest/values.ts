// Reading the values of import files: dates, decimals, money, tax rates, yes/no, statuses,
// invoice identities. Hot paths (one call per cell on 10M-line files) have hand-written fast
// paths for the plain forms and fall back to the domain's general parsers for everything else,
// so the result is always the domain's result (a property test checks it).
import type { IsoDate } from '../domain/dates.ts';
import { dayNumberFromParts } from '../domain/dates.ts';
import { parseExactDecimal, toHalfWidth, yuanTextToFen } from '../domain/decimal.ts';
import type { InvoiceStatus } from './records.ts';

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps substrings
 * of 13 or more characters as views into their parent, so a cached item name would pin a whole
 * 1 MB chunk of the file; caches and interned values go through this.
 */
export function copyString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * A cell as written, made clean: trimmed (tabs included), and Excel's text-forcing wrappers
 * `="00123456"` and a leading `'` removed — tax-bureau exports use them to keep leading zeros.
 * @example cleanCell(' ="00123456" ') // '00123456'
 */
export function cleanCell(raw: string): string {
  const s = raw.trim();
  if (s === '') return s;
  const c = s.charCodeAt(0);
  if (c === 61 /* = */ && s.length >= 3 && s.charCodeAt(1) === 34 && s.charCodeAt(s.length - 1) === 34)
    return s.slice(2, -1).trim();
  if (c === 39 /* ' */) return s.slice(1).trim();
  return s;
}

/** The ASCII characters String.prototype.trim removes: space, and tab to carriage return. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Result of cleanAscii: bounds of the cleaned cell (module state: no allocation per cell). */
export const rangeOut = { start: 0, end: 0 };

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_SEPARATED =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)(?:\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?|\d{1,2}时\d{1,2}分(?:\d{1,2}秒)?)\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\s*(?:\d{1,2}:\d{2}(?::\d{2})?)|\d{6})?$/;

/**
 * Reads a date as people and systems write it: `2013-08-15`, `2013/8/15`, `2013.8.15`,
 * `2013年08月15日`, `20130815`, each optionally followed by a time (ignored: dates are CST
 * calendar days; a time-zone suffix is not converted). Full-width digits are accepted.
 * @example parseDateText('2013年8月15日 10:11:12') // '2013-08-15'
 */
export function parseDateText(raw: string): IsoDate | undefined {
  const text = raw.normalize('NFKC').trim();
  const m = DATE_SEPARATED.exec(text) ?? DATE_COMPACT.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (dayNumberFromParts(y, mo, d) === undefined) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Decimals and money

/** Result of readDecimal, left in module state to avoid one allocation per cell on the hot path. */
export const decimalOut = {
  /** Canonical text (parseExactDecimal's `text`). */
  text: '',
  value: 0,
  scale: 0,
  /** The digits as an integer (value × 10^scale), NaN when beyond 2^53. */
  mantissa: 0,
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Reads an exact decimal into `decimalOut`; false when the text is not a decimal. Same result as
 * the domain's parseExactDecimal, with a fast path for plain `-123.45` forms.
 * @example readDecimal('1,234.50') && decimalOut.text // '1234.5'
 */
export function readDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  let negative = false;
  let plus = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) {
    negative = true;
    i = 1;
  } else if (c0 === 43) {
    plus = true;
    i = 1;
  }
  const intStart = i;
  let mantissa = 0;
  while (i < n && isDigit(s.charCodeAt(i))) mantissa = mantissa * 10 + (s.charCodeAt(i++) - 48);
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  let dot = false;
  if (i < n && s.charCodeAt(i) === 46) {
    dot = true;
    fracStart = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fracEnd = i;
  }
  if (i !== n || (intEnd === intStart && fracEnd === fracStart)) return readDecimalSlow(s);
  let a = intStart;
  while (a < intEnd - 1 && s.charCodeAt(a) === 48) a++;
  let b = fracEnd;
  while (b > fracStart && s.charCodeAt(b - 1) === 48) b--;
  const intIsZero = intEnd === intStart || (a === intEnd - 1 && s.charCodeAt(a) === 48);
  const isZero = intIsZero && b === fracStart;
  const scale = b - fracStart;
  for (let k = fracStart; k < b; k++) mantissa = mantissa * 10 + (s.charCodeAt(k) - 48);
  const canonical =
    !plus &&
    a === intStart &&
    intEnd > intStart &&
    b === fracEnd &&
    (!dot || scale > 0) &&
    !(negative && isZero);
  const text = canonical
    ? s
    : `${negative && !isZero ? '-' : ''}${intEnd > intStart ? s.slice(a, intEnd) : '0'}${scale > 0 ? `.${s.slice(fracStart, b)}` : ''}`;
  decimalOut.text = text;
  decimalOut.scale = scale;
  if (mantissa <= Number.MAX_SAFE_INTEGER) {
    const signed = negative && !isZero ? -mantissa : mantissa;
    decimalOut.mantissa = signed;
    // Both operands are exact doubles, so the quotient is the correctly rounded decimal: Number(text).
    decimalOut.value = scale === 0 ? signed : signed / POW10[scale]!;
    if (scale > 22) decimalOut.value = Number(text);
  } else {
    decimalOut.mantissa = NaN;
    decimalOut.value = Number(text);
  }
  return true;
}

/**
 * readDecimal of the ASCII bytes `b[start, end)` (a cell of the byte-level CSV path): the same
 * parse as readDecimal's fast path, from the bytes; only the canonical text is made a string.
 * @example readDecimalBytes(new Uint8Array([49, 46, 53, 48]), 0, 4) && decimalOut.text // '1.5'
 */
export function readDecimalBytes(b: Uint8Array, start: number, end: number): boolean {
  const n = end;
  let i = start;
  let negative = false;
  let plus = false;
  const c0 = start < end ? b[start]! : -1;
  if (c0 === 45) {
    negative = true;
    i++;
  } else if (c0 === 43) {
    plus = true;
    i++;
  }
  const intStart = i;
  let mantissa = 0;
  while (i < n && isDigit(b[i]!)) mantissa = mantissa * 10 + (b[i++]! - 48);
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  let dot = false;
  if (i < n && b[i] === 46) {
    dot = true;
    fracStart = ++i;
    while (i < n && isDigit(b[i]!)) i++;
    fracEnd = i;
  }
  if (i !== n || (intEnd === intStart && fracEnd === fracStart))
    return readDecimalSlow(asciiText(b, start, end));
  let a = intStart;
  while (a < intEnd - 1 && b[a] === 48) a++;
  let e = fracEnd;
  while (e > fracStart && b[e - 1] === 48) e--;
  const intIsZero = intEnd === intStart || (a === intEnd - 1 && b[a] === 48);
  const isZero = intIsZero && e === fracStart;
  const scale = e - fracStart;
  for (let k = fracStart; k < e; k++) mantissa = mantissa * 10 + (b[k]! - 48);
  const canonical =
    !plus &&
    a === intStart &&
    intEnd > intStart &&
    e === fracEnd &&
    (!dot || scale > 0) &&
    !(negative && isZero);
  const text = canonical
    ? asciiText(b, start, end)
    : `${negative && !isZero ? '-' : ''}${intEnd > intStart ? asciiText(b, a, intEnd) : '0'}${scale > 0 ? `.${asciiText(b, fracStart, e)}` : ''}`;
  decimalOut.text = text;
  decimalOut.scale = scale;
  if (mantissa <= Number.MAX_SAFE_INTEGER) {
    const signed = negative && !isZero ? -mantissa : mantissa;
    decimalOut.mantissa = signed;
    // Both operands are exact doubles, so the quotient is the correctly rounded decimal: Number(text).
    decimalOut.value = scale === 0 ? signed : signed / POW10[scale]!;
    if (scale > 22) decimalOut.value = Number(text);
  } else {
    decimalOut.mantissa = NaN;
    decimalOut.value = Number(text);
  }
  return true;
}

const POW10: readonly number[] = Array.from({ length: 400 }, (_, k) => 10 ** k);

function readDecimalSlow(s: string): boolean {
  const d = parseExactDecimal(s);
  if (!d) return false;
  decimalOut.text = d.text;
  decimalOut.value = d.value;
  decimalOut.scale = d.scale;
  const digits = Number(d.text.replace(/[-.]/g, ''));
  decimalOut.mantissa = Number.isSafeInteger(digits) ? (d.text.startsWith('-') ? -digits : digits) : NaN;
  return true;
}

/**
 * Yuan text to integer fen, rounding half away from zero beyond two places: the domain's
 * yuanTextToFen with a fast path for plain forms (and never a negative zero).
 * @example readFen('-12.345') // -1235
 */
export function readFen(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  let negative = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) {
    negative = true;
    i = 1;
  }
  const intStart = i;
  let whole = 0;
  while (i < n && isDigit(s.charCodeAt(i))) whole = whole * 10 + (s.charCodeAt(i++) - 48);
  const intDigits = i - intStart;
  let fen = whole * 100;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const f1 = i < n && isDigit(s.charCodeAt(i)) ? s.charCodeAt(i++) - 48 : 0;
    const f2 = i < n && isDigit(s.charCodeAt(i)) ? s.charCodeAt(i++) - 48 : 0;
    const f3 = i < n && isDigit(s.charCodeAt(i)) ? s.charCodeAt(i++) - 48 : 0;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fen += f1 * 10 + f2 + (f3 >= 5 ? 1 : 0);
  } else if (intDigits === 0) {
    return readFenSlow(s);
  }
  if (i !== n || intDigits > 13) return readFenSlow(s);
  if (intDigits === 0 && n - intStart <= 1) return readFenSlow(s);
  return negative && fen !== 0 ? -fen : fen;
}

/**
 * readFen of the ASCII bytes `b[start, end)` (a cell of the byte-level CSV path): the same parse
 * as readFen's fast path, from the bytes.
 * @example readFenBytes(new Uint8Array([49, 46, 53]), 0, 3) // 150
 */
export function readFenBytes(b: Uint8Array, start: number, end: number): number | undefined {
  const n = end;
  let i = start;
  let negative = false;
  if (start < end && b[start] === 45) {
    negative = true;
    i++;
  }
  const intStart = i;
  let whole = 0;
  while (i < n && isDigit(b[i]!)) whole = whole * 10 + (b[i++]! - 48);
  const intDigits = i - intStart;
  let fen = whole * 100;
  if (i < n && b[i] === 46) {
    i++;
    const f1 = i < n && isDigit(b[i]!) ? b[i++]! - 48 : 0;
    const f2 = i < n && isDigit(b[i]!) ? b[i++]! - 48 : 0;
    const f3 = i < n && isDigit(b[i]!) ? b[i++]! - 48 : 0;
    while (i < n && isDigit(b[i]!)) i++;
    fen += f1 * 10 + f2 + (f3 >= 5 ? 1 : 0);
  } else if (intDigits === 0) {
    return readFenSlow(asciiText(b, start, end));
  }
  if (i !== n || intDigits > 13) return readFenSlow(asciiText(b, start, end));
  if (intDigits === 0 && n - intStart <= 1) return readFenSlow(asciiText(b, start, end));
  return negative && fen !== 0 ? -fen : fen;
}

/**
 * ASCII bytes as a string (the bytes must be < 0x80: they read the same in every encoding).
 * @example asciiText(new Uint8Array([49, 50]), 0, 2) // '12'
 */
export function asciiText(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > 12) {
    // Rare (long codes, remarks): in pieces; a short string is one call of fromCharCode.
    let s = '';
    for (let i = start; i < end; i += 12) s += asciiText(b, i, Math.min(end, i + 12));
    return s;
  }
  const c0 = b[start]!;
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(c0);
    case 2:
      return String.fromCharCode(c0, b[start + 1]!);
    case 3:
      return String.fromCharCode(c0, b[start + 1]!, b[start + 2]!);
    case 4:
      return String.fromCharCode(c0, b[start + 1]!, b[start + 2]!, b[start + 3]!);
    case 5:
      return String.fromCharCode(c0, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 4]!);
    case 6:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
      );
    case 7:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
        b[start + 6]!,
      );
    case 8:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
        b[start + 6]!,
        b[start + 7]!,
      );
    case 9:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
        b[start + 6]!,
        b[start + 7]!,
        b[start + 8]!,
      );
    case 10:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
        b[start + 6]!,
        b[start + 7]!,
        b[start + 8]!,
        b[start + 9]!,
      );
    case 11:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
        b[start + 6]!,
        b[start + 7]!,
        b[start + 8]!,
        b[start + 9]!,
        b[start + 10]!,
      );
    default:
      return String.fromCharCode(
        c0,
        b[start + 1]!,
        b[start + 2]!,
        b[start + 3]!,
        b[start + 4]!,
        b[start + 5]!,
        b[start + 6]!,
        b[start + 7]!,
        b[start + 8]!,
        b[start + 9]!,
        b[start + 10]!,
        b[start + 11]!,
      );
  }
}

/**
 * cleanCell of the ASCII bytes `b[start, end)`, as bounds into rangeOut (no string is made):
 * an ASCII cell can hold no other space than the ASCII ones.
 * @example cleanAscii(new Uint8Array([32, 49, 32]), 0, 3); [rangeOut.start, rangeOut.end] // [1, 2]
 */
export function cleanAscii(b: Uint8Array, start: number, end: number): void {
  let a = start;
  let e = end;
  while (a < e && isAsciiSpace(b[a]!)) a++;
  while (e > a && isAsciiSpace(b[e - 1]!)) e--;
  if (a < e) {
    const c = b[a]!;
    if (c === 61 /* = */ && e - a >= 3 && b[a + 1] === 34 && b[e - 1] === 34) {
      a += 2;
      e--;
    } else if (c === 39 /* ' */) a++;
    else {
      rangeOut.start = a;
      rangeOut.end = e;
      return;
    }
    while (a < e && isAsciiSpace(b[a]!)) a++;
    while (e > a && isAsciiSpace(b[e - 1]!)) e--;
  }
  rangeOut.start = a;
  rangeOut.end = e;
}

function readFenSlow(s: string): number | undefined {
  const fen = yuanTextToFen(s);
  return fen === 0 ? 0 : fen; // no -0
}

/**
 * Decimal text × 10^places, exactly (tonnes → kg without binary drift: `1.005` t is 1005 kg).
 * @example shiftDecimal('1.005', 3) // 1005
 */
export function shiftDecimal(text: string, places: number): number {
  const negative = text.startsWith('-');
  const [intPart = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = frac.padEnd(places, '0');
  const shifted = `${intPart}${padded.slice(0, places)}.${padded.slice(places) || '0'}`;
  const value = Number(shifted);
  return negative && value !== 0 ? -value : value;
}

// ---------------------------------------------------------------------------------------------
// Tax rates, yes/no, statuses

const EXEMPT_WORDS = new Set([
  '免税',
  '不征税',
  '免征',
  '免征增值税',
  '出口免税',
  '***',
  '**',
  '*',
  '免税项目',
]);

/**
 * Reads a VAT rate: `13%`, `0.13`, `13` (1 or more means percent: no VAT rate is 100%), and
 * `免税` / `不征税` / `***` → null (exempt). undefined when it is none of these.
 * @example parseTaxRateText('17%') // { rate: 0.17 }
 */
export function parseTaxRateText(raw: string): { rate: number | null } | undefined {
  const t = raw.normalize('NFKC').replace(/\s+/g, '');
  if (EXEMPT_WORDS.has(t)) return { rate: null };
  const percent = t.endsWith('%');
  const d = parseExactDecimal(percent ? t.slice(0, -1) : t);
  if (!d || d.value < 0) return undefined;
  const fraction = percent || d.value >= 1 ? d.value / 100 : d.value;
  if (fraction >= 1) return undefined;
  // Rates are quoted to whole or tenth percents; the 1e-4 grid removes binary noise of 0.13*100.
  return { rate: Math.round(fraction * 1e4) / 1e4 };
}

const TRUE_WORDS = new Set(['是', 'yes', 'y', 'true', '1', '√', '含税', '正数', '蓝字', '正']);
const FALSE_WORDS = new Set(['否', 'no', 'n', 'false', '0', '×', '不含税', '负数', '红字', '负']);

/**
 * Reads yes/no as written in the contract's columns: 是/否, yes/no, true/false, 1/0, Y/N (and, for
 * 含税 and 是否正数发票, 含税/不含税, 正数/负数, 蓝字/红字).
 * @example parseYesNo('否') // false
 */
export function parseYesNo(raw: string): boolean | undefined {
  const t = raw.normalize('NFKC').trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

const STATUS_WORDS: ReadonlyMap<string, InvoiceStatus> = new Map<string, InvoiceStatus>([
  ['正常', 'normal'],
  ['normal', 'normal'],
  ['作废', 'void'],
  ['已作废', 'void'],
  ['void', 'void'],
  ['voided', 'void'],
  ['已红冲', 'reversed'],
  ['红冲', 'reversed'],
  ['全额红冲', 'reversed'],
  ['已全额红冲', 'reversed'],
  ['reversed', 'reversed'],
  ['部分红冲', 'partly_reversed'],
  ['已部分红冲', 'partly_reversed'],
  ['partly_reversed', 'partly_reversed'],
  ['partlyreversed', 'partly_reversed'],
  ['partially_reversed', 'partly_reversed'],
  ['partiallyreversed', 'partly_reversed'],
]);

/**
 * Reads 发票状态: 正常, 作废, 已红冲, 部分红冲 or their English names.
 * @example parseStatusText('已红冲') // 'reversed'
 */
export function parseStatusText(raw: string): InvoiceStatus | undefined {
  const t = raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return STATUS_WORDS.get(t) ?? STATUS_WORDS.get(t.replace(/_/g, ''));
}

// ---------------------------------------------------------------------------------------------
// Invoice identity

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/;

/** True for a number a spreadsheet turned into scientific notation (`2.5152E+19`): digits are lost. */
export function isScientific(text: string): boolean {
  return SCIENTIFIC.test(text);
}

/** Digits of an id cell: full-width digits mapped, a float's `.0` tail (`12345678.0`) removed. */
export function idDigits(raw: string): string {
  let t = raw;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) {
      t = toHalfWidth(t).replace(/\s+/g, '');
      break;
    }
  }
  const m = /^(\d+)\.0+$/.exec(t);
  return m ? (m[1] ?? t) : t;
}

/** Legacy invoice codes are 10 or 12 digits: pad what a spreadsheet shortened (≤10 → 10, 11–12 → 12). */
export function padInvoiceCode(code: string): string {
  return code.length <= 10 ? code.padStart(10, '0') : code.padStart(12, '0');
}

export type IdentityResult =
  | { readonly kind: 'legacy'; readonly code: string; readonly number: string; readonly key: string }
  | { readonly kind: 'digital'; readonly number: string; readonly key: string }
  | {
      readonly kind: 'mangled';
      readonly code: string | null;
      readonly number: string | null;
      readonly eNumber: string | null;
    }
  | {
      readonly kind: 'issue';
      readonly field: 'invoice_code' | 'invoice_number' | 'e_invoice_number';
      readonly code: string;
      readonly value: string;
    };

const ALL_DIGITS = /^\d+$/;

function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Normalises an invoice's identity from its code, number and e-invoice number cells (cleaned).
 * Legacy: code padded to 10/12, number to 8, key `code-number`. Fully digital: the 20-digit
 * number is the key (from the e-invoice column, or the number column when the code is empty).
 * Scientific notation anywhere: `mangled` (the caller keys the line by its content).
 * @example normalizeIdentity('150001200111', '123456', '').key // '150001200111-00123456'
 */
export function normalizeIdentity(codeCell: string, numberCell: string, eNumberCell: string): IdentityResult {
  // Fast path: the tax-bureau export's own form, 10/12-digit code and ≤8-digit number.
  if (
    eNumberCell === '' &&
    numberCell.length <= 8 &&
    (codeCell.length === 10 || codeCell.length === 12) &&
    allDigits(numberCell) &&
    allDigits(codeCell)
  ) {
    const number = numberCell.length === 8 ? numberCell : numberCell.padStart(8, '0');
    return { kind: 'legacy', code: codeCell, number, key: `${codeCell}-${number}` };
  }
  if (eNumberCell !== '') {
    const e = idDigits(eNumberCell);
    if (ALL_DIGITS.test(e) && e.length === 20) return { kind: 'digital', number: e, key: e };
    if (isScientific(e)) return { kind: 'mangled', code: null, number: null, eNumber: eNumberCell };
    return { kind: 'issue', field: 'e_invoice_number', code: 'bad_invoice_number', value: eNumberCell };
  }
  if (numberCell === '') return { kind: 'issue', field: 'invoice_number', code: 'missing_value', value: '' };
  const number = idDigits(numberCell);
  if (isScientific(number))
    return { kind: 'mangled', code: codeCell === '' ? null : codeCell, number: numberCell, eNumber: null };
  if (!ALL_DIGITS.test(number))
    return { kind: 'issue', field: 'invoice_number', code: 'bad_invoice_number', value: numberCell };
  if (number.length === 20) return { kind: 'digital', number, key: number };
  if (number.length > 8)
    return { kind: 'issue', field: 'invoice_number', code: 'bad_invoice_number', value: numberCell };
  if (codeCell === '') return { kind: 'issue', field: 'invoice_code', code: 'missing_value', value: '' };
  const code = idDigits(codeCell);
  if (isScientific(code)) return { kind: 'mangled', code: codeCell, number: numberCell, eNumber: null };
  if (!ALL_DIGITS.test(code) || code.length > 12)
    return { kind: 'issue', field: 'invoice_code', code: 'bad_invoice_code', value: codeCell };
  const c = padInvoiceCode(code);
  const n = number.padStart(8, '0');
  return { kind: 'legacy', code: c, number: n, key: `${c}-${n}` };
}

/**
 * Reads a red-letter line's reference to its blue invoice. Accepted: `code-number`,
 * `code number`, `code/number` (any non-digits between the two), a bare 20-digit e-invoice
 * number, or a bare ≤8-digit number, which takes the code of the red invoice itself (a red
 * invoice is issued with the code series of the blue one's issuer). Scientific notation, or any
 * other shape, cannot be resolved: `mangled` (the line is flagged, the reference left null).
 * @example parseOriginalReference('1500124130 00123456', null) // { key: '1500124130-00123456', mangled: false }
 */
export function parseOriginalReference(
  raw: string,
  ownCode: string | null,
): { key: string | null; mangled: boolean } {
  const t = toHalfWidth(raw.normalize('NFKC')).trim();
  if (t === '') return { key: null, mangled: false };
  if (/\d(?:\.\d+)?[eE][+-]?\d/.test(t)) return { key: null, mangled: true };
  const tokens = t.split(/\D+/).filter((x) => x !== '');
  if (tokens.length === 1) {
    const d = tokens[0] ?? '';
    if (d.length === 20) return { key: d, mangled: false };
    if (d.length <= 8 && ownCode !== null) return { key: `${ownCode}-${d.padStart(8, '0')}`, mangled: false };
  } else if (tokens.length === 2) {
    const [c = '', n = ''] = tokens;
    if (c.length <= 12 && n.length <= 8)
      return { key: `${padInvoiceCode(c)}-${n.padStart(8, '0')}`, mangled: false };
  }
  return { key: null, mangled: true };
}

// ---------------------------------------------------------------------------------------------
// Hashing

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;
const utf8 = new TextEncoder();

/**
 * FNV-1a 64 of the UTF-8 bytes of a string, as 16 hex digits: a stable, platform-independent
 * hash for keys of lines whose invoice number a spreadsheet destroyed.
 * @example fnv1a64Hex('') // 'cbf29ce484222325'
 */
export function fnv1a64Hex(text: string): string {
  let h = FNV_OFFSET;
  for (const b of utf8.encode(text)) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  return h.toString(16).padStart(16, '0');
}
