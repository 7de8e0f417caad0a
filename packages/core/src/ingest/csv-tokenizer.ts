// A hand-written streaming CSV tokenizer over decoded text (performance.md: generic CSV libraries
// are 4–7× slower than the bulk invoice path can afford). RFC 4180 plus what real files do:
// CRLF or LF, `""` escapes, quoted fields spanning lines, a quote opened after leading spaces,
// text after a closing quote kept, and the delimiter (`,`, tab or `;`) taken from the header line.

/**
 * Receives each record: `fields[0..count)` (the array is reused: copy what you keep; slots up to
 * the widest record seen so far are reset to ''), its 1-based physical record number (a quoted
 * field holding line breaks is still one record), and whether the file ended inside a quote.
 */
export type CsvRecordHandler = (
  fields: readonly string[],
  count: number,
  row: number,
  unterminated: boolean,
) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Picks the delimiter of a header line: the most frequent of `,`, tab and `;` (comma on a tie).
 * @example detectDelimiter('发票代码\t发票号码\t开票日期') // '\t'
 */
export function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = line.split(',').length - 1;
  for (const d of ['\t', ';']) {
    const c = line.split(d).length - 1;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

export class CsvTokenizer {
  private buf = '';
  private row = 0;
  private delimiter = '';
  private delimiterCode = 44;
  private readonly fields: string[] = [];
  private width = 0;

  constructor(private readonly onRecord: CsvRecordHandler) {}

  /** True when no record is half read (the text so far ended at a record boundary). */
  get idle(): boolean {
    return this.buf === '' && this.delimiter !== '';
  }

  /** The delimiter's character code, once the header line has decided it (0 before). */
  get delimiterByte(): number {
    return this.delimiter === '' ? 0 : this.delimiterCode;
  }

  /** The number the next record will get. */
  get nextRow(): number {
    return this.row + 1;
  }

  /** Counts a record read by someone else (the byte-level path) while the tokenizer was idle. */
  skipRow(): void {
    this.row++;
  }

  /** Feeds the next piece of text. */
  push(text: string): void {
    this.buf = this.buf === '' ? text : this.buf + text;
    this.run(false);
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): void {
    this.run(true);
    this.buf = '';
  }

  private emit(count: number, unterminated: boolean): void {
    const f = this.fields;
    for (let k = count; k < this.width; k++) f[k] = '';
    if (count > this.width) this.width = count;
    this.onRecord(f, count, ++this.row, unterminated);
  }

  private run(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let pos = 0;
    if (this.delimiter === '') {
      // Decide on the first line with content (blank lines before the header are allowed).
      let at = 0;
      for (;;) {
        const nl = s.indexOf('\n', at);
        if (nl < 0 && !final) return;
        const line = s.slice(at, nl < 0 ? n : nl);
        if (line.trim() !== '' || nl < 0) {
          this.delimiter = detectDelimiter(line);
          this.delimiterCode = this.delimiter.charCodeAt(0);
          break;
        }
        at = nl + 1;
      }
    }
    const delimiter = this.delimiter;
    const fields = this.fields;
    let quoteAt = s.indexOf('"');
    if (quoteAt < 0) quoteAt = Infinity;
    while (pos < n) {
      let nl = s.indexOf('\n', pos);
      if (quoteAt < pos) {
        quoteAt = s.indexOf('"', pos);
        if (quoteAt < 0) quoteAt = Infinity;
      }
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      if (quoteAt > nl) {
        // Fast path: a line without quotes.
        let end = nl;
        if (end > pos && s.charCodeAt(end - 1) === CR) end--;
        let count = 0;
        let p = pos;
        for (;;) {
          const j = s.indexOf(delimiter, p);
          if (j < 0 || j >= end) {
            fields[count++] = s.slice(p, end);
            break;
          }
          fields[count++] = s.slice(p, j);
          p = j + 1;
        }
        this.emit(count, false);
        pos = nl + 1;
        continue;
      }
      const next = this.quotedRecord(s, pos, final);
      if (next < 0) break;
      pos = next;
    }
    this.buf = pos >= n ? '' : s.slice(pos);
  }

  /** Reads one record that contains a quote; returns the position after it, or -1 if more text is needed. */
  private quotedRecord(s: string, start: number, final: boolean): number {
    const n = s.length;
    const d = this.delimiterCode;
    const fields = this.fields;
    let count = 0;
    let i = start;
    for (;;) {
      // One field starting at i.
      let value = '';
      let j = i;
      while (j < n && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j++;
      if (j < n && s.charCodeAt(j) === QUOTE) {
        let seg = j + 1;
        let k = seg;
        for (;;) {
          const q = s.indexOf('"', k);
          if (q < 0) {
            if (!final) return -1;
            fields[count++] = value + s.slice(seg);
            this.emit(count, true);
            return n;
          }
          if (q + 1 >= n && !final) return -1; // cannot tell `"` from `""` yet
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(seg, q + 1);
            k = seg = q + 2;
            continue;
          }
          value += s.slice(seg, q);
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept (`"a"b` reads `ab`).
        let e = i;
        while (e < n) {
          const c = s.charCodeAt(e);
          if (c === d || c === LF) break;
          e++;
        }
        if (e > i) {
          let tail = s.slice(i, e);
          if (e < n && s.charCodeAt(e) === LF && tail.endsWith('\r')) tail = tail.slice(0, -1);
          value += tail;
        }
        i = e;
      } else {
        let e = i;
        while (e < n) {
          const c = s.charCodeAt(e);
          if (c === d || c === LF) break;
          e++;
        }
        value = s.slice(i, e);
        if (e < n && s.charCodeAt(e) === LF && value.endsWith('\r')) value = value.slice(0, -1);
        i = e;
      }
      if (i >= n) {
        if (!final) return -1;
        fields[count++] = value.endsWith('\r') ? value.slice(0, -1) : value;
        this.emit(count, false);
        return n;
      }
      fields[count++] = value;
      if (s.charCodeAt(i) === LF) {
        this.emit(count, false);
        return i + 1;
      }
      i++; // past the delimiter
    }
  }
}
