// CSV writing as the tax bureau's exports and Excel produce it (formats.md §1): comma separated,
// CRLF line ends, RFC 4180 quoting, GBK (what Excel saves on a Chinese system) or UTF-8 with a BOM
// (what Excel needs to recognise UTF-8). Built for the simulator's hot path: ASCII fields are copied
// byte by byte, non-ASCII fields (names, item names — a few thousand distinct strings) are encoded
// once and cached.
import { gbkEncodeInto, gbkTable } from './gbk-encode.ts';

export type CsvEncoding = 'gbk' | 'utf8';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** Max distinct non-ASCII strings cached per writer; beyond it the cache is reset (bounded memory). */
const CACHE_LIMIT = 200_000;

/**
 * Quotes one CSV field when it needs it (RFC 4180: a comma, quote, CR or LF inside).
 * @example csvQuote('a,b') // '"a,b"'
 */
export function csvQuote(value: string): string {
  if (/[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/**
 * An appending CSV byte writer. Write fields with `field`, end rows with `endRow`, take the bytes
 * written so far with `take` (the writer is then empty and reusable).
 * @example
 * const w = new CsvByteWriter('gbk');
 * w.row(['企业名称', 'tax_id']);
 * const bytes = w.take();
 */
export class CsvByteWriter {
  private buf: Uint8Array;
  private pos = 0;
  private atRowStart = true;
  private readonly cache = new Map<string, Uint8Array>();
  private readonly textEncoder = new TextEncoder();

  constructor(
    readonly encoding: CsvEncoding,
    initialBytes = 1 << 20,
  ) {
    this.buf = new Uint8Array(initialBytes);
  }

  /** Bytes currently buffered. */
  get length(): number {
    return this.pos;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Writes the UTF-8 byte order mark (only meaningful at the start of a UTF-8 file). */
  bom(): void {
    if (this.encoding !== 'utf8') return;
    this.ensure(3);
    this.buf.set(UTF8_BOM, this.pos);
    this.pos += 3;
  }

  private encodeSlow(value: string): Uint8Array {
    const quoted = csvQuote(value);
    if (this.encoding === 'utf8') return this.textEncoder.encode(quoted);
    const tmp = new Uint8Array(quoted.length * 4);
    return tmp.slice(0, gbkEncodeInto(quoted, tmp, 0));
  }

  /**
   * Appends fields of one row and ends it: the fast path for millions of rows (no per-field
   * separator bookkeeping; non-ASCII fields come from the cache after their first use).
   */
  fields(values: readonly string[]): void {
    for (let i = 0; i < values.length; i++) this.field(values[i] ?? '');
    this.endRow();
  }

  /** Appends one field (quoted and encoded as needed). */
  field(value: string): void {
    const n = value.length;
    this.ensure(n + 1);
    const buf = this.buf;
    let p = this.pos;
    if (!this.atRowStart) buf[p++] = COMMA;
    this.atRowStart = false;
    // Fast path: plain ASCII without separators or quotes.
    let ok = true;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80 || c === COMMA || c === QUOTE || c === CR || c === LF) {
        ok = false;
        break;
      }
      buf[p + i] = c;
    }
    if (ok) {
      this.pos = p + n;
      return;
    }
    this.pos = p;
    const bytes = this.encodeField(value);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * Writes a whole row given as its fields joined with commas — the fast path for millions of rows:
   * one pass over the characters, encoding as it goes. If the row holds a quote or line break, or
   * more commas than separators (a field with a comma), it is rewritten field by field with quoting.
   */
  joinedRow(joined: string, fieldCount: number, fields: () => readonly string[]): void {
    const n = joined.length;
    this.ensure(n * 4 + 2);
    const buf = this.buf;
    const start = this.pos;
    let o = start;
    let commas = 0;
    let special = false;
    if (this.encoding === 'gbk') {
      const t = gbkTable();
      for (let i = 0; i < n; i++) {
        const c = joined.charCodeAt(i);
        if (c < 0x80) {
          if (c === COMMA) commas++;
          else if (c === QUOTE || c === CR || c === LF) special = true;
          buf[o++] = c;
        } else {
          const v = t[c] ?? 0;
          if (v === 0) {
            // Outside the two-byte table: a symbol, a surrogate pair, €: the general encoder.
            const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n;
            o = gbkEncodeInto(joined.slice(i, pair ? i + 2 : i + 1), buf, o);
            if (pair) i++;
          } else {
            buf[o++] = v >>> 8;
            buf[o++] = v & 0xff;
          }
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        let c = joined.charCodeAt(i);
        if (c < 0x80) {
          if (c === COMMA) commas++;
          else if (c === QUOTE || c === CR || c === LF) special = true;
          buf[o++] = c;
        } else if (c < 0x800) {
          buf[o++] = 0xc0 | (c >>> 6);
          buf[o++] = 0x80 | (c & 0x3f);
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const lo = joined.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
            i++;
            buf[o++] = 0xf0 | (c >>> 18);
            buf[o++] = 0x80 | ((c >>> 12) & 0x3f);
            buf[o++] = 0x80 | ((c >>> 6) & 0x3f);
            buf[o++] = 0x80 | (c & 0x3f);
          } else {
            buf[o++] = 0xef;
            buf[o++] = 0xbf;
            buf[o++] = 0xbd;
          }
        } else if (c >= 0xd800 && c <= 0xdfff) {
          buf[o++] = 0xef;
          buf[o++] = 0xbf;
          buf[o++] = 0xbd;
        } else {
          buf[o++] = 0xe0 | (c >>> 12);
          buf[o++] = 0x80 | ((c >>> 6) & 0x3f);
          buf[o++] = 0x80 | (c & 0x3f);
        }
      }
    }
    if (special || commas !== fieldCount - 1) {
      this.pos = start;
      this.atRowStart = true;
      this.row(fields());
      return;
    }
    buf[o++] = CR;
    buf[o++] = LF;
    this.pos = o;
    this.atRowStart = true;
  }

  /** The bytes of one field as `field` writes it (quoted if needed, encoded, cached). */
  encodeField(value: string): Uint8Array {
    let bytes = this.cache.get(value);
    if (bytes === undefined) {
      bytes = this.encodeSlow(value);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(value, bytes);
    }
    return bytes;
  }

  /** Makes room for `bytes` more bytes; the put* methods below rely on it (no checks of their own). */
  reserve(bytes: number): void {
    this.ensure(bytes);
  }

  /** Appends pre-encoded bytes (reserve first). */
  putBytes(bytes: Uint8Array): void {
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Appends a string known to be ASCII without separators or quotes (reserve first). */
  putAscii(value: string): void {
    const out = this.buf;
    let o = this.pos;
    for (let i = 0; i < value.length; i++) out[o++] = value.charCodeAt(i);
    this.pos = o;
  }

  /**
   * Appends an exact decimal given as an integer count of 1/scale (scale 10, 100 or 1000): fen as
   * `12.30` (keepZeros) or a quantity as `12.3` (trailing fraction zeros and point dropped). No
   * string is made. Reserve first.
   * @example w.putFixed(-123405, 100, true) // writes -1234.05
   */
  putFixed(value: number, scale: number, keepZeros: boolean): void {
    const out = this.buf;
    let o = this.pos;
    let v = value;
    if (v < 0) {
      out[o++] = 0x2d;
      v = -v;
    }
    const int = Math.floor(v / scale);
    let frac = v - int * scale;
    // Integer digits, most significant first.
    let div = 1;
    while (div * 10 <= int) div *= 10;
    let rest = int;
    for (; div >= 1; div /= 10) {
      const d = Math.floor(rest / div);
      out[o++] = 0x30 + d;
      rest -= d * div;
    }
    if (keepZeros || frac > 0) {
      out[o++] = 0x2e;
      let digits = scale === 1000 ? 3 : scale === 100 ? 2 : 1;
      if (!keepZeros)
        while (frac % 10 === 0) {
          frac /= 10;
          digits--;
        }
      let f = 1;
      for (let i = 1; i < digits; i++) f *= 10;
      for (; f >= 1; f /= 10) {
        const d = Math.floor(frac / f);
        out[o++] = 0x30 + d;
        frac -= d * f;
      }
    }
    this.pos = o;
  }

  /** Appends a field separator (reserve first). */
  putComma(): void {
    this.buf[this.pos++] = COMMA;
  }

  /** Ends the current row with CRLF. */
  endRow(): void {
    this.ensure(2);
    this.buf[this.pos++] = CR;
    this.buf[this.pos++] = LF;
    this.atRowStart = true;
  }

  /** Appends a whole row. */
  row(values: readonly string[]): void {
    for (const v of values) this.field(v);
    this.endRow();
  }

  /** The bytes written since the last take, copied out; the writer is emptied. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    this.atRowStart = true;
    return out;
  }
}

/**
 * Encodes a whole table (header + rows) as CSV bytes; UTF-8 output starts with a BOM.
 * @example encodeCsv(['年度', '指标(吨)'], [['2013', '93800']], 'gbk')
 */
export function encodeCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  encoding: CsvEncoding,
): Uint8Array {
  const w = new CsvByteWriter(encoding, 64 * 1024);
  w.bom();
  w.row(header);
  for (const r of rows) w.row(r);
  return w.take();
}
