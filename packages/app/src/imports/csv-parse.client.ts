// Runs csv-parse.worker.ts and yields its chunks in order, acknowledging each once consumed so
// that the worker never runs more than a few chunks ahead (bounded memory).
import { startTsWorker } from '../shared/ts-worker.ts';
import type { ParseWorkerInput, ParseWorkerMessage } from './csv-parse.protocol.ts';

type Chunk = Extract<ParseWorkerMessage, { type: 'chunk' }>;

/**
 * Parses an invoice CSV in a worker thread.
 * @example for await (const chunk of parseCsvInWorker(input)) write(unpackRecords(chunk.packed));
 */
export async function* parseCsvInWorker(
  input: ParseWorkerInput,
  onEncoding: (e: 'utf8' | 'gb18030' | null) => void,
): AsyncGenerator<Chunk> {
  const worker = startTsWorker(new URL('./csv-parse.worker.ts', import.meta.url), input);
  const queue: ParseWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let exited = false;
  worker.on('message', (m: ParseWorkerMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (failure) throw failure;
        if (exited) throw new Error('the CSV parse worker stopped unexpectedly');
        await new Promise<void>((res) => (wake = res));
        wake = null;
      }
      const m = queue.shift() as ParseWorkerMessage;
      if (m.type === 'error') throw new Error(`CSV parse worker failed: ${m.message}`);
      if (m.type === 'end') {
        onEncoding(m.encoding);
        return;
      }
      yield m;
      worker.postMessage({ type: 'ack' });
    }
  } finally {
    await worker.terminate();
  }
}
