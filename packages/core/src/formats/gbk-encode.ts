// GBK / GB18030 encoding: what Excel writes when a Chinese Windows user saves a CSV (formats.md §1).
// Platforms only ship a GBK *decoder* (TextDecoder('gbk'), which the Encoding Standard decodes as
// GB18030), so the encoder is built from it: the two-byte table is read back once, lazily, into a
// 64k-entry array indexed by UTF-16 code unit; the hot path is one array read per character.
// Characters outside the two-byte table (rare in Chinese company names: ≥ U+0080 symbols that GBK
// lacks, CJK extension characters) get their GB18030 four-byte form, found by binary search over
// the decoder's monotonic four-byte range and cached.

let twoByte: Uint16Array | undefined;
const fourByteCache = new Map<number, number>();
let gb18030: InstanceType<typeof TextDecoder> | undefined;

/** The GB18030 decoder (four-byte sequences; the platform's `gbk` decoder may know only GBK). */
function gb18030Decoder(): InstanceType<typeof TextDecoder> {
  gb18030 ??= new TextDecoder('gb18030');
  return gb18030;
}

/**
 * The table UTF-16 code unit → GBK double byte `lead << 8 | trail` (0 = not a two-byte
 * character), built once on first use from the platform's `gbk` decoder (code page 936, what
 * Excel writes), completed with the GB18030 two-byte mappings GBK lacks. For encoders with their
 * own hot loop.
 * @example gbkTable()[0x5305] // 0xb0fc ('包')
 */
export function gbkTable(): Uint16Array {
  if (twoByte) return twoByte;
  const t = new Uint16Array(65536);
  const pair = new Uint8Array(2);
  for (const dec of [new TextDecoder('gbk'), gb18030Decoder()]) {
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        pair[0] = lead;
        pair[1] = trail;
        const s = dec.decode(pair);
        if (s.length !== 1) continue;
        const c = s.charCodeAt(0);
        // First mapping wins: GBK has a handful of duplicate mappings; the first is canonical.
        if (c !== 0xfffd && t[c] === 0) t[c] = (lead << 8) | trail;
      }
    }
  }
  // € is the single byte 0x80 in code page 936 (gbkEncodeInto writes it); not GB18030's A2E3.
  t[0x20ac] = 0;
  twoByte = t;
  return t;
}

/** GB18030 four-byte sequence of a pointer, packed big-endian into 32 bits. */
function fourBytesOfPointer(pointer: number): number {
  let p = pointer;
  const b1 = Math.floor(p / 12600) + 0x81;
  p %= 12600;
  const b2 = Math.floor(p / 1260) + 0x30;
  p %= 1260;
  const b3 = Math.floor(p / 10) + 0x81;
  const b4 = (p % 10) + 0x30;
  return ((b1 << 24) | (b2 << 16) | (b3 << 8) | b4) >>> 0;
}

function decodePointer(pointer: number): number {
  // GB18030-2005 maps pointer 7457 to U+E7C7 (ḿ went to the two-byte A8BC): the one break in the
  // otherwise increasing range; read it as the U+1E3F it would be, for the binary search.
  if (pointer === 7457) return 0x1e3f;
  const packed = fourBytesOfPointer(pointer);
  const bytes = new Uint8Array([packed >>> 24, (packed >>> 16) & 0xff, (packed >>> 8) & 0xff, packed & 0xff]);
  const s = gb18030Decoder().decode(bytes);
  return s.codePointAt(0) ?? 0xfffd;
}

/** The packed four-byte GB18030 form of a code point, or 0 when there is none. */
function fourByte(codePoint: number): number {
  const cached = fourByteCache.get(codePoint);
  if (cached !== undefined) return cached;
  let result = 0;
  if (codePoint >= 0x10000) {
    // Supplementary planes map linearly from pointer 189000 (GB18030-2005 §6.3).
    result = fourBytesOfPointer(189000 + codePoint - 0x10000);
  } else {
    // BMP four-byte pointers 0..39419 map to the remaining code points in increasing order.
    let lo = 0;
    let hi = 39419;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = decodePointer(mid);
      if (c === codePoint) {
        result = fourBytesOfPointer(mid);
        break;
      }
      if (c < codePoint) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  fourByteCache.set(codePoint, result);
  return result;
}

/**
 * Writes `text` as GBK/GB18030 into `out` from `offset`; returns the new offset. The caller
 * guarantees room for 4 bytes per UTF-16 code unit. Unencodable characters (lone surrogates) become `?`.
 * @example const buf = new Uint8Array(16); gbkEncodeInto('包头', buf, 0) // 4 (bytes b0 fc cd b7)
 */
export function gbkEncodeInto(text: string, out: Uint8Array, offset: number): number {
  const t = gbkTable();
  let o = offset;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    const v = t[c] ?? 0;
    if (v !== 0) {
      out[o++] = v >>> 8;
      out[o++] = v & 0xff;
      continue;
    }
    if (c === 0x20ac) {
      out[o++] = 0x80; // € is the single byte 0x80 in GBK (code page 936)
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    const f = cp >= 0xd800 && cp <= 0xdfff ? 0 : fourByte(cp);
    if (f === 0) {
      out[o++] = 0x3f;
    } else {
      out[o++] = f >>> 24;
      out[o++] = (f >>> 16) & 0xff;
      out[o++] = (f >>> 8) & 0xff;
      out[o++] = f & 0xff;
    }
  }
  return o;
}

/**
 * Encodes a string as GBK/GB18030 bytes.
 * @example encodeGbk('稀土') // Uint8Array [0xcf, 0xa1, 0xcd, 0xc1]
 */
export function encodeGbk(text: string): Uint8Array {
  const buf = new Uint8Array(text.length * 4);
  const n = gbkEncodeInto(text, buf, 0);
  return buf.slice(0, n);
}
