// What an import reads: a file (CSV, XLSX, XML, zip of XML) or a folder of e-invoice XML files.
// Identity is the SHA-256 of the bytes (for a folder: of its entries' names and hashes), so the
// same content imported twice is recognised whatever it is called.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { detectFileFormat } from '@oresight/core/ingest';

export type SourceFormat = 'csv' | 'xlsx' | 'xml' | 'zip' | 'xml-folder' | 'unknown';

export interface ImportSource {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly format: SourceFormat;
  /** For a folder: its XML files (relative names), sorted. */
  readonly entries: readonly string[];
}

/** Reads a file in chunks (bounded memory whatever its size). */
export async function* readChunks(path: string, chunkSize = 4 << 20): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: chunkSize });
  for await (const chunk of stream) yield chunk as Buffer;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readChunks(path)) hash.update(chunk);
  return hash.digest('hex');
}

async function listXmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.xml$/i.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function readHead(path: string, bytes = 4096): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Inspects a path: its format, size and content hash. Throws a user-facing error when the path
 * does not exist or is not readable.
 * @example const src = await describeSource('fixtures/invoices/tax-bureau-export.gbk.csv');
 */
export async function describeSource(path: string): Promise<ImportSource> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Only a missing path is "no such file"; a permission or I/O problem says what it was.
    throw new Error(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file or folder' : error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (info.isDirectory()) {
    const entries = await listXmlFiles(path);
    const hash = createHash('sha256');
    let size = 0;
    for (const entry of entries) {
      const bytes = await readFile(join(path, entry));
      size += bytes.length;
      hash.update(`${entry}\u0000${createHash('sha256').update(bytes).digest('hex')}\n`);
    }
    return { path, name: basename(path), size, sha256: hash.digest('hex'), format: 'xml-folder', entries };
  }
  const head = await readHead(path);
  return {
    path,
    name: basename(path),
    size: info.size,
    sha256: await hashFile(path),
    format: detectFileFormat(basename(path), head),
    entries: [],
  };
}
