// Rebuilding the columnar segments of batches from the `invoice_lines` view (decision 0002: they
// are derived data). Lines are streamed in id order, a page at a time; a batch's builder is
// flushed when it holds a segment's worth or when the batch's last line has passed, so memory
// holds at most the batches whose id ranges interleave (one, unless imports ran side by side).
import type { UnitId } from '@oresight/core/domain';
import type { BatchLines, SegmentSourceRow, StoreTransaction } from '@oresight/store';
import { deleteSegmentsOfBatch, insertSegment, listSegmentSourceAfter } from '@oresight/store';
import type { SegmentBuilder, SegmentLine } from '../imports/line-segment.codec.ts';
import { SEGMENT_FORMAT, createSegmentBuilder } from '../imports/line-segment.codec.ts';
import { SEGMENT_LINES } from '../imports/segment-feeder.ts';

const PAGE = 10_000;

function unitOf(unit: string): UnitId {
  // The import stores unit ids only; anything else would be a bug elsewhere, read as kg like the codec does.
  return unit === 't' || unit === 'g' ? unit : 'kg';
}

function segmentLine(r: SegmentSourceRow): SegmentLine {
  return {
    id: r.id,
    invoiceId: r.invoiceId,
    record: {
      invoiceKey: r.invoiceKey,
      lineNo: r.lineNo,
      issueDate: r.issueDate,
      sellerTaxId: r.sellerTaxId,
      sellerName: r.sellerName,
      buyerTaxId: r.buyerTaxId,
      buyerName: r.buyerName,
      productId: r.productId,
      unit: unitOf(r.unit),
      kg: r.kg,
      reoKg: r.reoKg,
      amountFen: r.amountFen,
      taxRate: r.taxRate,
      flags: r.flags,
      invoiceKind: r.invoiceKind,
    },
  };
}

/** Segments a batch of `lines` lines is cut into (as the import cuts them). */
export function segmentsFor(lines: number): number {
  return Math.ceil(lines / SEGMENT_LINES);
}

/**
 * Replaces the segments of the given batches (every batch when `all`); returns segments written.
 * `linesByBatch` holds each batch's stored lines (store countLinesByBatch).
 * @example await rebuildSegments(tx, new Set([3]), linesByBatch, false, (done, total) => …);
 */
export async function rebuildSegments(
  tx: StoreTransaction,
  batches: ReadonlySet<number>,
  linesByBatch: ReadonlyMap<number, BatchLines>,
  all: boolean,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const targets = all ? [...linesByBatch.keys()] : [...batches];
  for (const id of targets) await deleteSegmentsOfBatch(tx.db, id);
  const total = targets.reduce((n, id) => n + (linesByBatch.get(id)?.lines ?? 0), 0);
  // Start at the first line of the first batch: re-deriving the newest batch of a large store
  // does not read through every older line.
  const start =
    targets.reduce((min, id) => Math.min(min, linesByBatch.get(id)?.firstId ?? min), Infinity) - 1;
  const open = new Map<number, { builder: SegmentBuilder; seq: number; left: number }>();
  let written = 0;
  let done = 0;

  const flush = async (batchId: number, state: { builder: SegmentBuilder; seq: number }) => {
    if (state.builder.count === 0) return;
    const s = state.builder.finish();
    await insertSegment(tx.db, {
      batchId,
      seq: state.seq++,
      lineCount: s.count,
      minDate: s.minDate,
      maxDate: s.maxDate,
      format: SEGMENT_FORMAT,
      data: s.bytes,
    });
    state.builder = createSegmentBuilder();
    written++;
  };

  const filter = all ? null : targets;
  for (let after = start; done < total;) {
    const page = await listSegmentSourceAfter(tx.db, filter, after, PAGE);
    if (page.length === 0) break;
    for (const r of page) {
      let state = open.get(r.batchId);
      if (!state) {
        state = { builder: createSegmentBuilder(), seq: 0, left: linesByBatch.get(r.batchId)?.lines ?? 0 };
        open.set(r.batchId, state);
      }
      const line = segmentLine(r);
      state.builder.add(line.id, line.invoiceId, line.record);
      state.left--;
      if (state.builder.count >= SEGMENT_LINES) await flush(r.batchId, state);
      if (state.left <= 0) {
        await flush(r.batchId, state);
        open.delete(r.batchId);
      }
    }
    done += page.length;
    after = page[page.length - 1]?.id ?? after;
    onProgress(done, total);
  }
  // Only if lines arrived between counting and reading (not inside one transaction): keep them all.
  for (const [batchId, state] of open) await flush(batchId, state);
  return written;
}
