// Worker thread: reads an invoice CSV, parses it (core/ingest), encodes the lines for the store
// (line-chunk.encoder.ts) and builds the columnar segments once the import thread has written
// each chunk and sent back the line ids. On 2 cores, parsing and writing overlap.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogueOverride } from '@oresight/core/domain';
import { createCatalogue } from '@oresight/core/domain';
import type { InvoiceLineRecord, ParseOutput } from '@oresight/core/ingest';
import { createCsvParser } from '@oresight/core/ingest';
import { chunkTransferables, createLineChunkEncoder } from './line-chunk.encoder.ts';
import { createSegmentFeeder } from './segment-feeder.ts';
import type { IdsMessage, ParseWorkerInput, ParseWorkerMessage } from './csv-parse.protocol.ts';

/** Chunks written ahead of the import thread's answers (bounded memory). */
const MAX_IN_FLIGHT = 3;

async function run(input: ParseWorkerInput): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('csv-parse.worker must run in a worker thread');
  const post = (m: ParseWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const feeder = createSegmentFeeder((segment) =>
    post({ type: 'segment', segment }, [segment.bytes.buffer as ArrayBuffer]),
  );
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', (m: IdsMessage) => {
    if (m.type !== 'ids') return;
    feeder.resolve(m.seq, m.ids, m.invoiceIds, new Map(m.storedHeaders));
    inFlight--;
    wake?.();
    wake = null;
  });
  const waitBelow = async (limit: number) => {
    while (inFlight > limit) await new Promise<void>((res) => (wake = res));
  };

  const parser = createCsvParser('invoices', {
    source: input.source,
    catalogue: createCatalogue(input.overrides as CatalogueOverride[]),
    taxIdAllowList: new Set(input.allowList),
    ...(input.encoding ? { encoding: input.encoding } : {}),
  });
  const encoder = createLineChunkEncoder();
  let seq = 0;
  let stop = false;
  const send = async (out: ParseOutput<InvoiceLineRecord>, bytes: Uint8Array | null, bytesDone: number) => {
    // After a fatal problem (or bad rows the import refuses) nothing is written: the records are dropped here.
    const { chunk, records } = encoder.encode(out.fatal ? [] : out.records);
    feeder.hold(seq, records, chunk.invoiceRef);
    inFlight++;
    const transfer = chunkTransferables(chunk);
    if (bytes) transfer.push(bytes.buffer as ArrayBuffer);
    post(
      {
        type: 'chunk',
        seq: seq++,
        chunk,
        issues: out.issues,
        fatal: out.fatal,
        rowsRead: out.rowsRead,
        bytes,
        bytesDone,
      },
      transfer,
    );
    if (out.fatal) stop = true;
    await waitBelow(MAX_IN_FLIGHT - 1);
  };
  let bytesDone = 0;
  for await (const data of createReadStream(input.path, { highWaterMark: 4 << 20 })) {
    const bytes = new Uint8Array(data as Buffer);
    bytesDone += bytes.length;
    await send(parser.push(bytes), bytes, bytesDone);
    if (stop) break;
  }
  if (!stop) await send(parser.end(), null, bytesDone);
  await waitBelow(0);
  feeder.finish();
  post({ type: 'end', encoding: parser.encoding ?? null });
}

run(workerData as ParseWorkerInput).catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies ParseWorkerMessage);
});
