// Bootstrap for worker threads running TypeScript sources: registers tsx's loader in the worker
// (docs/decisions/0001) and then imports the module named in workerData.__module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__module);
