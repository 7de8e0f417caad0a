// Shared by the ingest tests: running a chunk parser to the end. (Reading fixtures stays in the
// test files: core's sources may not import node:*, its tests may.)
import { createCatalogue } from '../domain/catalogue.ts';
import type { ChunkParser, ParseOutput } from './types.ts';

export const catalogue = createCatalogue();

/** Feeds `bytes` to a chunk parser in pieces cut at `cuts` (byte offsets) and sums the outputs. */
export function runParser<R>(
  parser: ChunkParser<R>,
  bytes: Uint8Array,
  cuts: readonly number[] = [],
): ParseOutput<R> {
  const total: ParseOutput<R> = { records: [], issues: [], fatal: null, rowsRead: 0 };
  const add = (o: ParseOutput<R>): void => {
    total.records.push(...o.records);
    total.issues.push(...o.issues);
    total.rowsRead += o.rowsRead;
    total.fatal ??= o.fatal;
  };
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    add(parser.push(bytes.subarray(at, cut)));
    at = cut;
  }
  add(parser.push(bytes.subarray(at)));
  add(parser.end());
  return total;
}
