// ZIP archives: XLSX workbooks and zips of e-invoice XML files. The central directory is read by
// hand (so that GBK file names written by Chinese Windows tools without the UTF-8 flag decode
// right, and ZIP64 archives of many invoices work); fflate does the inflating.
import { Inflate, inflateSync } from 'fflate';

/** An archive that cannot be read: truncated, not a zip, encrypted or an unsupported method. */
export class ZipFormatError extends Error {
  readonly code = 'bad_zip';
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** One entry of the central directory. */
export interface ZipDirectoryEntry {
  /** Path inside the archive, `/`-separated. */
  readonly name: string;
  readonly isDirectory: boolean;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the entry's local header. */
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 2 ** 32;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** File names: UTF-8 when flagged or valid, else GBK (what Chinese Windows zip tools write). */
function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) return new TextDecoder('utf-8').decode(bytes);
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return gb18030.decode(bytes);
  }
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) if (u32(bytes, i) === EOCD) return i;
  throw new ZipFormatError('not a zip archive (no end of central directory record)');
}

/**
 * The entries of a zip archive's central directory, in stored order.
 * @example listZipEntries(xlsxBytes).map((e) => e.name) // ['[Content_Types].xml', '_rels/.rels', …]
 */
export function listZipEntries(bytes: Uint8Array): ZipDirectoryEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  let count = u16(bytes, eocd + 10);
  let cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(bytes, locator) !== ZIP64_EOCD_LOCATOR)
      throw new ZipFormatError('ZIP64 archive without its locator');
    const z64 = u64(bytes, locator + 8);
    if (u32(bytes, z64) !== ZIP64_EOCD) throw new ZipFormatError('ZIP64 end record not found');
    count = u64(bytes, z64 + 32);
    cdOffset = u64(bytes, z64 + 48);
  }
  const entries: ZipDirectoryEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL)
      throw new ZipFormatError('truncated or corrupt central directory');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    let compressedSize = u32(bytes, p + 20);
    let size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    let localHeaderOffset = u32(bytes, p + 42);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    let name = decodeName(nameBytes, (flags & 0x800) !== 0);
    // Extra fields: ZIP64 sizes (0x0001) and the Info-ZIP Unicode path (0x7075).
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(bytes, e);
      const len = u16(bytes, e + 2);
      let q = e + 4;
      if (id === 0x0001) {
        if (size === 0xffffffff) {
          size = u64(bytes, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(bytes, q);
      } else if (id === 0x7075 && len > 5) {
        name = new TextDecoder('utf-8').decode(bytes.subarray(e + 9, e + 4 + len));
      }
      e += 4 + len;
    }
    name = name.replace(/\\/g, '/');
    entries.push({
      name,
      isDirectory: name.endsWith('/'),
      method,
      compressedSize,
      size,
      localHeaderOffset,
      encrypted: (flags & 1) !== 0,
    });
    p = extraEnd + commentLength;
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipDirectoryEntry): Uint8Array {
  const h = entry.localHeaderOffset;
  if (h + 30 > bytes.length || u32(bytes, h) !== LOCAL)
    throw new ZipFormatError(`local header of ${entry.name} not found`);
  if (entry.encrypted) throw new ZipFormatError(`${entry.name} is encrypted`);
  const start = h + 30 + u16(bytes, h + 26) + u16(bytes, h + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`${entry.name} is truncated`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipFormatError(`${entry.name} uses unsupported compression method ${entry.method}`);
  return bytes.subarray(start, end);
}

/**
 * The uncompressed bytes of one entry.
 * @example readZipEntry(bytes, listZipEntries(bytes)[0]!)
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipDirectoryEntry): Uint8Array {
  const data = entryData(bytes, entry);
  if (entry.method === 0) return data;
  try {
    return inflateSync(data, { out: new Uint8Array(entry.size) });
  } catch (err) {
    throw new ZipFormatError(`${entry.name} cannot be inflated: ${(err as Error).message}`);
  }
}

/**
 * Streams one entry's uncompressed bytes in pieces (for worksheets larger than a JS string).
 * @example streamZipEntry(bytes, entry, (piece) => decoder.decode(piece, { stream: true }))
 */
export function streamZipEntry(
  bytes: Uint8Array,
  entry: ZipDirectoryEntry,
  onData: (piece: Uint8Array) => void,
  pieceSize = 1 << 20,
): void {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += pieceSize) onData(data.subarray(i, i + pieceSize));
    return;
  }
  const inflate = new Inflate((chunk) => {
    if (chunk.length > 0) onData(chunk);
  });
  try {
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
    for (let i = 0; i < data.length; i += pieceSize) {
      inflate.push(data.subarray(i, i + pieceSize), i + pieceSize >= data.length);
    }
  } catch (err) {
    throw new ZipFormatError(`${entry.name} cannot be inflated: ${(err as Error).message}`);
  }
}

/** Names that are not content: folders, macOS resource forks and Finder/Explorer litter. */
function isLitter(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return (
    name.startsWith('__MACOSX/') ||
    name.includes('/__MACOSX/') ||
    base === '.DS_Store' ||
    base === 'Thumbs.db' ||
    base.startsWith('._')
  );
}

/**
 * Every file of a zip (e.g. a zip of e-invoice XML files), skipping folders and `__MACOSX` litter.
 * Throws ZipFormatError when the archive cannot be read.
 * @example readZipEntries(zipBytes).map((e) => e.name) // ['2025/25152000000012345678.xml', …]
 */
export function readZipEntries(bytes: Uint8Array): { name: string; bytes: Uint8Array }[] {
  return listZipEntries(bytes)
    .filter((e) => !e.isDirectory && !isLitter(e.name))
    .map((e) => ({ name: e.name, bytes: readZipEntry(bytes, e) }));
}

/**
 * True when the bytes start like a zip archive (local header, or the end record of an empty zip).
 * @example looksLikeZip(new Uint8Array([0x50, 0x4b, 3, 4])) // true
 */
export function looksLikeZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5) &&
    (head[3] === 4 || head[3] === 6)
  );
}
