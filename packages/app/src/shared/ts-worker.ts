// Starting a worker thread on a TypeScript module (see ts-worker.mjs).
import { Worker } from 'node:worker_threads';

/**
 * A worker running the TypeScript module at `moduleUrl`, with `data` as its workerData.
 * `heapMb` caps the worker's old generation: V8 otherwise lets a garbage-heavy worker grow its
 * heap to hundreds of MB before collecting, which counts against the import's memory budget.
 * @example const w = startTsWorker(new URL('./x.worker.ts', import.meta.url), { path }, { heapMb: 256 });
 */
export function startTsWorker(moduleUrl: URL, data: object, options: { heapMb?: number } = {}): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { ...data, __module: moduleUrl.href },
    ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
  });
}
