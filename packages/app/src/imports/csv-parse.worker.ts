// Worker thread: reads an invoice CSV and parses it (core/ingest) while the main thread writes the
// previous chunk to the store. On 2 cores the two halves overlap; see docs/benchmarks.md.
// Records cross the thread boundary packed (record-pack.ts); file bytes are transferred, not copied.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogueOverride } from '@oresight/core/domain';
import { createCatalogue } from '@oresight/core/domain';
import type { InvoiceLineRecord, ParseOutput } from '@oresight/core/ingest';
import { createCsvParser } from '@oresight/core/ingest';
import { packRecords } from './record-pack.ts';
import type { ParseWorkerInput, ParseWorkerMessage } from './csv-parse.protocol.ts';

const MAX_IN_FLIGHT = 3;

async function run(input: ParseWorkerInput): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('csv-parse.worker must run in a worker thread');
  let inFlight = 0;
  let release: (() => void) | null = null;
  port.on('message', (m: { type: 'ack' }) => {
    if (m.type === 'ack') {
      inFlight--;
      release?.();
      release = null;
    }
  });
  const catalogue = createCatalogue(input.overrides as CatalogueOverride[]);
  const parser = createCsvParser('invoices', {
    source: input.source,
    catalogue,
    taxIdAllowList: new Set(input.allowList),
    ...(input.encoding ? { encoding: input.encoding } : {}),
  });
  const post = async (out: ParseOutput<InvoiceLineRecord>, bytes: Uint8Array | null, bytesDone: number) => {
    const packed = packRecords(out.records);
    const message: ParseWorkerMessage = {
      type: 'chunk',
      packed,
      issues: out.issues,
      fatal: out.fatal,
      rowsRead: out.rowsRead,
      bytes,
      bytesDone,
    };
    const transfer: ArrayBuffer[] = [packed.numbers.buffer as ArrayBuffer];
    if (bytes) transfer.push(bytes.buffer as ArrayBuffer);
    inFlight++;
    port.postMessage(message, transfer);
    if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((res) => (release = res));
  };
  let bytesDone = 0;
  for await (const chunk of createReadStream(input.path, { highWaterMark: 4 << 20 })) {
    const bytes = new Uint8Array(chunk as Buffer);
    bytesDone += bytes.length;
    const out = parser.push(bytes);
    await post(out, bytes, bytesDone);
    if (out.fatal) break;
  }
  await post(parser.end(), null, bytesDone);
  port.postMessage({ type: 'end', encoding: parser.encoding ?? null } satisfies ParseWorkerMessage);
}

run(workerData as ParseWorkerInput).catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies ParseWorkerMessage);
});
