// Starting a worker thread on a TypeScript module (see ts-worker.mjs).
import { Worker } from 'node:worker_threads';

/**
 * A worker running the TypeScript module at `moduleUrl`, with `data` as its workerData.
 * @example const w = startTsWorker(new URL('./x.worker.ts', import.meta.url), { path });
 */
export function startTsWorker(moduleUrl: URL, data: object): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { ...data, __module: moduleUrl.href },
  });
}
