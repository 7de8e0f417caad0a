// Bytes → text for CSV files arriving in chunks, with encoding detection (formats.md §1: UTF-8
// with or without BOM, or GBK/GB18030 as Excel writes on a Chinese system).
import type { RowIssue } from './records.ts';
import { makeIssue } from './messages.ts';

export type CsvEncoding = 'utf8' | 'gb18030';

/**
 * Length of the valid UTF-8 sequence starting with the lead byte at i (≥ 0x80), 0 when invalid,
 * -1 when cut by `end` (no overlongs, surrogates or > U+10FFFF).
 */
export function utf8Length(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -1;
    const x = b[i + k]!;
    if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return 0;
  }
  return need + 1;
}

/**
 * Index of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or
 * -1 when valid. With `allowTruncatedEnd`, a sequence cut by the end of the bytes is not an error.
 * @example firstInvalidUtf8(new Uint8Array([0xe7, 0xa8, 0x80])) // -1 ('稀')
 */
export function firstInvalidUtf8(b: Uint8Array, allowTruncatedEnd = false): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8Length(b, i, n);
    if (length > 0) i += length;
    else return length < 0 && allowTruncatedEnd ? -1 : i;
  }
  return -1;
}

/** How many bytes after the first non-ASCII byte decide between UTF-8 and GB18030. */
const SNIFF_WINDOW = 4096;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function asciiText(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/**
 * Decodes a byte stream chunk by chunk. In `auto` mode it decides at the first non-ASCII bytes:
 * a UTF-8 BOM or 4 KiB of valid UTF-8 → UTF-8, otherwise GB18030 (a superset of GBK and GB2312);
 * an all-ASCII file reads as UTF-8. UTF-8 is decoded strictly: an invalid byte later in the file
 * is a fatal `bad_encoding` (never silently replaced), naming the byte offset.
 */
export class ChunkDecoder {
  encoding: CsvEncoding | undefined;
  fatal: RowIssue | null = null;
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  private pending: Uint8Array = new Uint8Array(0);
  private offset = 0; // bytes decoded before `pending`
  private sawFirstBytes = false;

  constructor(
    mode: 'auto' | CsvEncoding,
    private readonly source: string,
  ) {
    if (mode !== 'auto') this.start(mode);
  }

  private start(encoding: CsvEncoding): void {
    this.encoding = encoding;
    this.decoder =
      encoding === 'utf8' ? new TextDecoder('utf-8', { fatal: true }) : new TextDecoder('gb18030');
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    const decoder = this.decoder!;
    try {
      const text = decoder.decode(bytes, { stream: !final });
      this.offset += bytes.length;
      return text;
    } catch {
      this.failChunk(bytes, this.offset, final);
      return '';
    }
  }

  push(chunk: Uint8Array): string {
    return this.feed(chunk, false);
  }

  // The byte-level CSV path (csv.ts) reads most bytes itself and decodes only some parts of a
  // chunk here; it keeps `position` at what push() would have decoded, so that an encoding error
  // is reported at the same offset as if whole chunks had been decoded.

  /** True once the encoding is settled and bytes are decoded as they come (detection is over). */
  get decided(): boolean {
    return this.decoder !== undefined && this.fatal === null;
  }

  /** File offset of the next byte: bytes decoded (or read by the caller) so far. */
  get position(): number {
    return this.offset;
  }

  set position(offset: number) {
    this.offset = offset;
  }

  /**
   * Decodes `bytes`, a part of `chunk` (which starts at file offset `chunkOffset`), continuing the
   * stream; an error is reported as push(chunk) would report it. `position` is left as it is.
   */
  decodePart(bytes: Uint8Array, chunk: Uint8Array, chunkOffset: number, final: boolean): string {
    if (this.fatal !== null || this.decoder === undefined) return '';
    try {
      return this.decoder.decode(bytes, { stream: !final });
    } catch {
      this.failChunk(chunk, chunkOffset, final);
      return '';
    }
  }

  /** The UTF-8 error of `chunk` (starting at file offset `chunkOffset`), as push(chunk) reports it. */
  failChunk(chunk: Uint8Array, chunkOffset: number, final: boolean): void {
    const bad = firstInvalidUtf8(chunk, !final);
    this.fatal = makeIssue(this.source, 0, null, null, 'bad_encoding', {
      encoding: 'UTF-8',
      offset: chunkOffset + Math.max(0, bad),
    });
  }

  end(): string {
    return this.feed(new Uint8Array(0), true);
  }

  private feed(chunk: Uint8Array, final: boolean): string {
    if (this.fatal) return '';
    if (this.decoder) return this.decode(chunk, final);
    let bytes = concat(this.pending, chunk);
    this.pending = new Uint8Array(0);
    if (!this.sawFirstBytes) {
      if (bytes.length < 4 && !final) {
        this.pending = bytes;
        return '';
      }
      this.sawFirstBytes = true;
      const [b0, b1, b2, b3] = bytes;
      if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
        this.fatal = makeIssue(this.source, 0, null, null, 'unsupported_encoding', { encoding: 'UTF-16' });
        return '';
      }
      if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
        this.start('utf8'); // TextDecoder drops the BOM itself
        return this.decode(bytes, final);
      }
      if (b0 === 0x84 && b1 === 0x31 && b2 === 0x95 && b3 === 0x33) {
        this.start('gb18030'); // the GB18030 BOM: decoded to U+FEFF, which header matching ignores
        return this.decode(bytes, final);
      }
    }
    let firstHigh = -1;
    for (let i = 0; i < bytes.length; i++)
      if (bytes[i]! >= 0x80) {
        firstHigh = i;
        break;
      }
    if (firstHigh < 0) {
      // ASCII is the same in both encodings: pass it on and keep undecided.
      this.offset += bytes.length;
      if (final) this.start('utf8');
      return asciiText(bytes);
    }
    const prefix = asciiText(bytes.subarray(0, firstHigh));
    this.offset += firstHigh;
    bytes = bytes.subarray(firstHigh);
    if (bytes.length < SNIFF_WINDOW && !final) {
      this.pending = bytes.slice();
      return prefix;
    }
    const cutByWindow = bytes.length > SNIFF_WINDOW;
    this.start(
      firstInvalidUtf8(bytes.subarray(0, SNIFF_WINDOW), cutByWindow || !final) < 0 ? 'utf8' : 'gb18030',
    );
    return prefix + this.decode(bytes, final);
  }
}
