// Messages between the import (the thread holding the database) and its CSV parse worker.
import type { RowIssue } from '@oresight/core/ingest';
import type { InvoiceHeader, LineChunk } from '@oresight/store';
import type { FinishedSegment } from './segment-feeder.ts';

export interface ParseWorkerInput {
  readonly path: string;
  readonly source: string;
  readonly encoding?: 'auto' | 'utf8' | 'gb18030';
  /** The catalogue overrides (JSON-safe) and the taxpayer-ID allow-list, rebuilt in the worker. */
  readonly overrides: readonly unknown[];
  readonly allowList: readonly string[];
}

/** Worker → import. */
export type ParseWorkerMessage =
  | {
      readonly type: 'chunk';
      readonly seq: number;
      readonly chunk: Omit<LineChunk, 'batchId'>;
      readonly issues: RowIssue[];
      readonly fatal: RowIssue | null;
      readonly rowsRead: number;
      /** The raw bytes read for this chunk (kept as the original file), transferred. */
      readonly bytes: Uint8Array | null;
      readonly bytesDone: number;
    }
  | { readonly type: 'segment'; readonly segment: FinishedSegment }
  | { readonly type: 'end'; readonly encoding: 'utf8' | 'gb18030' | null }
  | { readonly type: 'error'; readonly message: string };

/** Import → worker: the store's answer for a chunk (ids; NaN = already stored). */
export interface IdsMessage {
  readonly type: 'ids';
  readonly seq: number;
  readonly ids: Float64Array;
  /** Per line: its invoice's store id (carried into the segments). */
  readonly invoiceIds: Float64Array;
  readonly storedHeaders: readonly (readonly [number, InvoiceHeader])[];
}
