// Keeps the imported file itself (gzip, in 8 MB chunks) beside its batch: the evidence as it came.
import { createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '@oresight/store';
import { insertFileChunk } from '@oresight/store';

const CHUNK_BYTES = 8 << 20;

/** A gzip writer that stores its output as numbered chunks of the batch. */
export function createOriginalFileWriter(db: Kysely<Database>, batchId: number) {
  const gzip = createGzip({ level: 1 });
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let writes: Promise<void> = Promise.resolve();
  const ended = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  function flush(force: boolean) {
    if (pendingBytes === 0 || (!force && pendingBytes < CHUNK_BYTES)) return;
    const data = Buffer.concat(pending);
    pending.length = 0;
    pendingBytes = 0;
    const n = seq++;
    writes = writes.then(() => insertFileChunk(db, batchId, n, data));
  }
  gzip.on('data', (chunk: Buffer) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    flush(false);
  });
  return {
    async write(bytes: Uint8Array): Promise<void> {
      if (!gzip.write(bytes)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
    },
    async finish(): Promise<{ chunks: number }> {
      gzip.end();
      await ended;
      flush(true);
      await writes;
      return { chunks: seq };
    },
  };
}
