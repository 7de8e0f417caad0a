// Runs csv-parse.worker.ts and hands its messages to the import in order. The import answers
// each chunk with its line ids (`reply`), which is also what lets the worker read further.
import { startTsWorker } from '../shared/ts-worker.ts';
import type { IdsMessage, ParseWorkerInput, ParseWorkerMessage } from './csv-parse.protocol.ts';

export type WorkerEvent = Exclude<ParseWorkerMessage, { type: 'error' }>;

/**
 * Parses an invoice CSV in a worker thread.
 * @example for await (const m of parse.events) if (m.type === 'chunk') parse.reply(await write(m));
 */
export function parseCsvInWorker(input: ParseWorkerInput) {
  // 256 MB: measured on a 1M-line import, the worker's peak heap otherwise reaches ~400 MB with
  // no gain in speed (docs/benchmarks.md ## Import).
  const worker = startTsWorker(new URL('./csv-parse.worker.ts', import.meta.url), input, { heapMb: 256 });
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
  async function* events(): AsyncGenerator<WorkerEvent> {
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
        yield m;
        if (m.type === 'end') return;
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    events: events(),
    reply(m: IdsMessage): void {
      worker.postMessage(m, [m.ids.buffer as ArrayBuffer, m.invoiceIds.buffer as ArrayBuffer]);
    },
  };
}
