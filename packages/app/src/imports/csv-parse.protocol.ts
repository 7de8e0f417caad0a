// Messages between the import and its CSV parse worker.
import type { RowIssue } from '@oresight/core/ingest';
import type { PackedRecords } from './record-pack.ts';

export interface ParseWorkerInput {
  readonly path: string;
  readonly source: string;
  readonly encoding?: 'auto' | 'utf8' | 'gb18030';
  /** The catalogue overrides (JSON-safe) and the taxpayer-ID allow-list, rebuilt in the worker. */
  readonly overrides: readonly unknown[];
  readonly allowList: readonly string[];
}

export type ParseWorkerMessage =
  | {
      readonly type: 'chunk';
      readonly packed: PackedRecords;
      readonly issues: RowIssue[];
      readonly fatal: RowIssue | null;
      readonly rowsRead: number;
      /** The raw bytes of this chunk (for the kept original), transferred. */
      readonly bytes: Uint8Array | null;
      readonly bytesDone: number;
    }
  | { readonly type: 'end'; readonly encoding: 'utf8' | 'gb18030' | null }
  | { readonly type: 'error'; readonly message: string };
