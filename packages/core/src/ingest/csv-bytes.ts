// The byte-level fast path of the CSV import (performance.md: parse the bytes yourself, decoding
// is a large share of the work). Lines of an invoice export are cut into fields before any
// decoding: the delimiters (`,` tab `;`), the quote, CR and LF are single bytes that no
// multi-byte character of UTF-8 (bytes ≥ 0x80) or GB18030 (trail bytes ≥ 0x40 or 0x30–0x39)
// contains. The scanner admits only plain text: ASCII and whole characters (for GB18030, the
// two-byte ones, each of which decodes to one character whatever surrounds it; a test checks all
// 23,940). So a field's bytes decode, on their own, to exactly the text the whole stream gives
// for them. Most fields are ASCII (codes, dates, IDs, numbers) and are read from the bytes; the
// Chinese ones (names, items, units) repeat and are decoded once per distinct value.
//
// A line the scanner does not cut exactly as the string tokenizer (csv-tokenizer.ts) would, it
// reports, and the caller hands the line to the text path; bytes that are not plain text stop the
// byte path (csv.ts).

import type { CsvEncoding } from './decode.ts';
import { utf8Length } from './decode.ts';
import { equalBytes } from './byte-cache.ts';
import { asciiText } from './values.ts';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
// Byte kinds of the field loop (CsvLineScanner.kinds).
const PLAIN = 0;
const DELIMITER = 1;
const BREAK = 2;
const LEAD = 3;
const BAD = 4;
/** 1 for the trail bytes of a GB18030 two-byte character: 0x40–0x7E, 0x80–0xFE. */
const GB_TRAIL = new Uint8Array(256);
for (let c = 0x40; c <= 0xfe; c++) if (c !== 0x7f) GB_TRAIL[c] = 1;

/** fieldEnd's results besides a position: odd bytes, or a character cut by the limit. */
const ODD_FIELD = -1;
const CUT_FIELD = -2;
/** fieldEnd's second result: whether the field has non-ASCII bytes (1) or not (0). */
let fieldWide = 0;

/**
 * Where the unquoted field starting at `i` ends: at its delimiter or LF, or `limit`; ODD_FIELD
 * or CUT_FIELD. One table lookup a byte: the hot loop of the import, kept small so that the
 * compiler keeps everything it needs in registers.
 */
function fieldEnd(b: Uint8Array, i: number, limit: number, kinds: Uint8Array, utf8: boolean): number {
  let wide = 0;
  let k = i;
  while (k < limit) {
    const kind = kinds[b[k]!]!;
    if (kind === PLAIN) {
      k++;
      continue;
    }
    if (kind === LEAD) {
      wide = 1;
      if (!utf8) {
        if (k + 1 < limit && GB_TRAIL[b[k + 1]!] === 1) {
          // A GB18030 two-byte character (a lead byte and its trail byte).
          k += 2;
          continue;
        }
      } else {
        // The three-byte UTF-8 characters of Chinese text (leads E1–EC, EE, EF: no range limits on
        // the second byte); everything else goes through utf8Length.
        const c = b[k]!;
        if (
          c >= 0xe1 &&
          c !== 0xed &&
          c <= 0xef &&
          k + 2 < limit &&
          (b[k + 1]! & 0xc0) === 0x80 &&
          (b[k + 2]! & 0xc0) === 0x80
        ) {
          k += 3;
          continue;
        }
      }
      const n = utf8 ? utf8Length(b, k, limit) : gbLength(b, k, limit);
      if (n <= 0) return n === 0 ? ODD_FIELD : CUT_FIELD;
      k += n;
      continue;
    }
    if (kind === BAD) return ODD_FIELD;
    break; // DELIMITER or BREAK
  }
  fieldWide = wide;
  return k;
}

/** What a line is for the byte path. */
export const LineKind = {
  /** Fields read into the scanner's arrays. */
  FIELDS: 0,
  /** Valid text the byte path does not cut itself (`""` escapes, text after a closing quote, a quote left open): the string tokenizer must read it. */
  TEXT: 1,
  /** Bytes that are not plain text in the encoding (invalid UTF-8; GB18030 outside ASCII and two-byte characters). */
  ODD: 2,
  /** No LF yet: the line goes on in the next chunk (its bytes so far are plain). */
  INCOMPLETE: 3,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/**
 * Length of the two-byte GB18030 (GBK) character at i (≥ 0x80): 2, 0 when it is anything else
 * (a four-byte sequence, 0x80, 0xFF, a bad trail byte), -1 when cut by `end`.
 */
function gbLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x81 || c > 0xfe) return 0;
  if (i + 1 >= end) return -1;
  const t = b[i + 1]!;
  return (t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe) ? 2 : 0;
}

/**
 * True when `b[start, end)` holds only ASCII and whole characters of the encoding; with `allowCut`
 * the last character may be cut by `end` (a line whose rest is in the next chunk).
 * @example isPlainText(new Uint8Array([0x61, 0xe7, 0xa8]), 0, 3, 'utf8', true) // true
 */
export function isPlainText(
  b: Uint8Array,
  start: number,
  end: number,
  encoding: CsvEncoding,
  allowCut: boolean,
): boolean {
  const utf8 = encoding === 'utf8';
  for (let i = start; i < end;) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8 ? utf8Length(b, i, end) : gbLength(b, i, end);
    if (n < 0) return allowCut;
    if (n === 0) return false;
    i += n;
  }
  return true;
}

/**
 * Cuts lines into fields as the string tokenizer's quoted-record reader does: a field whose first
 * non-blank byte is a quote is quoted (the bytes up to the closing quote are its text), any other
 * field runs to the next delimiter. Field k's text is `bytes[starts[k], ends[k])`; `wide[k]` is 1
 * when it has non-ASCII bytes; `rawStarts[k]`/`rawEnds[k]` bound the field as written (quotes and
 * blanks included), for comparing columns between lines.
 */
export class CsvLineScanner {
  starts: Int32Array = new Int32Array(64);
  ends: Int32Array = new Int32Array(64);
  rawStarts: Int32Array = new Int32Array(64);
  rawEnds: Int32Array = new Int32Array(64);
  wide: Uint8Array = new Uint8Array(64);
  count = 0;

  /** What each byte value is to the field loop: PLAIN, DELIMITER, BREAK, LEAD or BAD. */
  private readonly kinds = new Uint8Array(256);

  // Consecutive lines of an invoice repeat its own columns (identity, date, parties). When the
  // bytes of those columns, as written, equal the last line's, their fields are copied rather
  // than scanned: one comparison four bytes at a time instead of a table lookup a byte.
  /** The bytes of the repeating columns of the last line scanned (from the raw start of the first to the delimiter after the last); -1: none. */
  private repeatLength = -1;
  private repeatBytes = new Uint8Array(256);
  private repeatView = new DataView(this.repeatBytes.buffer);
  /** Their fields, relative to the start of the first: start, end, raw start, raw end, wide. */
  private readonly repeatFields: Int32Array;
  /** True when the last line scanned repeated the columns of the line before it. */
  repeated = false;
  /** Changes with the repeating columns: lines with the same id have them the same. */
  repeatId = 0;

  /**
   * @param repeatFirst @param repeatLast the run of columns that repeat from line to line (-1: none)
   */
  constructor(
    private readonly delimiter: number,
    private readonly encoding: CsvEncoding,
    private readonly repeatFirst = -1,
    private readonly repeatLast = -1,
  ) {
    this.repeatFields = new Int32Array(5 * Math.max(0, repeatLast - repeatFirst + 1));
    while (this.starts.length <= repeatLast) this.grow();
    const kinds = this.kinds;
    for (let c = 0x80; c <= 0xff; c++) kinds[c] = BAD;
    // Bytes that can start a character: GB18030 0x81–0xFE, UTF-8 0xC2–0xF4.
    const [lo, hi] = encoding === 'utf8' ? [0xc2, 0xf4] : [0x81, 0xfe];
    for (let c = lo; c <= hi; c++) kinds[c] = LEAD;
    kinds[LF] = BREAK;
    kinds[delimiter] = DELIMITER;
  }

  /** Where the last scanned line ends: its LF, or the end of the bytes for a last line without one. */
  end = 0;

  /**
   * Scans the line starting at `start`, up to its LF or `limit` (the end of the bytes at hand;
   * `final`: the end of the file). A CR before the LF is not part of the line's last field.
   */
  scan(b: Uint8Array, start: number, limit: number, final: boolean): LineKind {
    const kinds = this.kinds;
    const utf8 = this.encoding === 'utf8';
    // Cut by `limit`: the rest of the line is in the next chunk, or (final) the bytes are odd.
    const cut = final ? LineKind.ODD : LineKind.INCOMPLETE;
    let starts = this.starts;
    let ends = this.ends;
    let rawStarts = this.rawStarts;
    let rawEnds = this.rawEnds;
    let wides = this.wide;
    let count = 0;
    let i = start;
    let repeated = false;
    this.repeated = false;
    for (;;) {
      if (count === this.repeatFirst && this.repeatLength >= 0) {
        const n = this.repeatLength;
        if (i + n <= limit && equalBytes(this.repeatView, this.repeatBytes, 0, b, i, n)) {
          const f = this.repeatFields;
          for (let m = 0; m < f.length; m += 5) {
            starts[count] = i + f[m]!;
            ends[count] = i + f[m + 1]!;
            rawStarts[count] = i + f[m + 2]!;
            rawEnds[count] = i + f[m + 3]!;
            wides[count] = f[m + 4]!;
            count++;
          }
          i += n;
          repeated = true;
        }
      }
      if (count === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
        rawStarts = this.rawStarts;
        rawEnds = this.rawEnds;
        wides = this.wide;
      }
      let wide = 0;
      let j = i;
      while (j < limit && (b[j] === SPACE || b[j] === TAB)) j++;
      let from = i;
      let to: number;
      let next: number;
      let lineBreak = -1;
      if (j < limit && b[j] === QUOTE) {
        // A quoted field: only the plain `"text"` form, followed by the delimiter or the line end.
        from = j + 1;
        let k = from;
        for (;;) {
          if (k >= limit) return final ? this.textLine(b, start, limit, final) : LineKind.INCOMPLETE;
          const c = b[k]!;
          if (c === QUOTE) break;
          if (c < 0x80) {
            // A line break inside quotes: a record over several lines.
            if (c === LF) return this.textLine(b, start, limit, final);
            k++;
          } else {
            const n = utf8 ? utf8Length(b, k, limit) : gbLength(b, k, limit);
            if (n <= 0) return n === 0 ? LineKind.ODD : cut;
            wide = 1;
            k += n;
          }
        }
        to = k;
        next = k + 1;
        if (next >= limit) {
          if (!final) return LineKind.INCOMPLETE;
          lineBreak = limit;
        } else {
          const c = b[next]!;
          if (c === LF) lineBreak = next;
          else if (c === CR && next + 1 >= limit) {
            if (!final) return LineKind.INCOMPLETE;
            lineBreak = limit;
          } else if (c === CR && b[next + 1] === LF) lineBreak = next + 1;
          // `""` inside, or text after the closing quote (which the tokenizer keeps).
          else if (c !== this.delimiter) return this.textLine(b, start, limit, final);
        }
      } else {
        // The hot loop of the import, in a function of its own (see fieldEnd).
        const k = fieldEnd(b, i, limit, kinds, utf8);
        if (k < 0) return k === ODD_FIELD ? LineKind.ODD : cut;
        wide = fieldWide;
        if (k >= limit) {
          if (!final) return LineKind.INCOMPLETE;
          lineBreak = limit;
        } else if (b[k] === LF) lineBreak = k;
        // The line's last field ends before a CR that ends the line.
        to = lineBreak >= 0 && k > i && b[k - 1] === CR ? k - 1 : k;
        next = k;
      }
      starts[count] = from;
      ends[count] = to;
      rawStarts[count] = i;
      rawEnds[count] = next;
      wides[count] = wide;
      count++;
      if (lineBreak >= 0) {
        this.count = count;
        this.end = lineBreak;
        if (repeated) this.repeated = true;
        else if (this.repeatFirst >= 0) this.keepRepeat(b, count);
        return LineKind.FIELDS;
      }
      i = next + 1; // past the delimiter
    }
  }

  /** Remembers the repeating columns of the line just scanned (see `repeated`). */
  private keepRepeat(b: Uint8Array, count: number): void {
    this.repeatId++;
    const first = this.repeatFirst;
    const last = this.repeatLast;
    // Only when more fields follow the run (its bytes then end with a delimiter): equal bytes
    // from the same field on are then equal fields.
    if (count <= last + 1) {
      this.repeatLength = -1;
      return;
    }
    const from = this.rawStarts[first]!;
    const n = this.rawEnds[last]! + 1 - from;
    if (n > this.repeatBytes.length) {
      this.repeatBytes = new Uint8Array(n * 2);
      this.repeatView = new DataView(this.repeatBytes.buffer);
    }
    this.repeatBytes.set(b.subarray(from, from + n)); // ~120 bytes: a native copy beats a loop
    this.repeatLength = n;
    const f = this.repeatFields;
    for (let c = first, m = 0; c <= last; c++, m += 5) {
      f[m] = this.starts[c]! - from;
      f[m + 1] = this.ends[c]! - from;
      f[m + 2] = this.rawStarts[c]! - from;
      f[m + 3] = this.rawEnds[c]! - from;
      f[m + 4] = this.wide[c]!;
    }
  }

  /**
   * A line the string tokenizer must read: finds its end, and checks its bytes are plain text
   * (TEXT), else ODD; INCOMPLETE when its LF is not in the bytes yet.
   */
  textLine(b: Uint8Array, start: number, limit: number, final: boolean): LineKind {
    const lf = b.indexOf(LF, start);
    const end = lf < 0 || lf >= limit ? limit : lf;
    if (end === limit && !final)
      return isPlainText(b, start, end, this.encoding, true) ? LineKind.INCOMPLETE : LineKind.ODD;
    this.end = end;
    return isPlainText(b, start, end, this.encoding, false) ? LineKind.TEXT : LineKind.ODD;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const grow32 = (a: Int32Array): Int32Array => {
      const x = new Int32Array(n);
      x.set(a);
      return x;
    };
    this.starts = grow32(this.starts);
    this.ends = grow32(this.ends);
    this.rawStarts = grow32(this.rawStarts);
    this.rawEnds = grow32(this.rawEnds);
    const w = new Uint8Array(n);
    w.set(this.wide);
    this.wide = w;
  }
}

/** Decodes the text of single fields (whole characters only: see CsvLineScanner). */
export class FieldDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  constructor(readonly encoding: CsvEncoding) {
    // The scanner has checked the bytes: no replacement and no error can happen here. A field is
    // not the start of the file: a U+FEFF at its start is text, not a byte order mark to drop.
    this.decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { ignoreBOM: true });
  }

  /** The text of `b[start, end)`; `wide` says whether it has non-ASCII bytes. */
  text(b: Uint8Array, start: number, end: number, wide: boolean): string {
    return wide ? this.decoder.decode(b.subarray(start, end)) : asciiText(b, start, end);
  }
}
