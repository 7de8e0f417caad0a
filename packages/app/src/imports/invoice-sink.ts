// Writing a batch's invoice lines: encoded chunks go to the store's line writer, segments to
// line_segments, and red-letter lines are linked to their originals at the end. CSV chunks arrive
// already encoded from the parse worker (which also builds the segments); XML and XLSX records
// are encoded and segmented here, through the same encoder and feeder.
import type { InvoiceLineRecord } from '@oresight/core/ingest';
import { LineFlag } from '@oresight/core/domain';
import type { LineChunk, StoreTransaction, WrittenChunk } from '@oresight/store';
import { createLineWriter, insertSegment } from '@oresight/store';
import type { Counters } from './import-counters.ts';
import { countFlags } from './import-counters.ts';
import { createLineChunkEncoder } from './line-chunk.encoder.ts';
import { SEGMENT_FORMAT } from './line-segment.codec.ts';
import type { FinishedSegment } from './segment-feeder.ts';
import { createSegmentFeeder } from './segment-feeder.ts';
import { updateRedLinks } from './red-links.ts';

/** One per batch. */
export function createInvoiceSink(
  tx: StoreTransaction,
  batchId: number,
  counters: Counters,
  sizeBytes: number,
) {
  // ~250 bytes a line in a tax-bureau export: the writer's bulk-load decision needs only the order of magnitude.
  const writer = createLineWriter(tx, { expectedLines: Math.round(sizeBytes / 250) });
  const redOriginals = new Set<string>();
  let segmentSeq = 0;
  // In-process path (XML, XLSX): encoder and segment feeder live here.
  const encoder = createLineChunkEncoder();
  const segments: FinishedSegment[] = [];
  const feeder = createSegmentFeeder((s) => segments.push(s));
  let localSeq = 0;

  async function writeSegment(s: FinishedSegment): Promise<void> {
    await insertSegment(tx.db, {
      batchId,
      seq: segmentSeq++,
      lineCount: s.count,
      minDate: s.minDate,
      maxDate: s.maxDate,
      format: SEGMENT_FORMAT,
      data: s.bytes,
    });
  }

  async function writeChunk(chunk: Omit<LineChunk, 'batchId'>): Promise<WrittenChunk> {
    for (const inv of chunk.invoices)
      if (inv.originalInvoiceKey !== null) redOriginals.add(inv.originalInvoiceKey);
    const written = await writer.write({ ...chunk, batchId });
    const conflicted = written.storedHeaders;
    for (let i = 0; i < chunk.count; i++) {
      if (Number.isNaN(written.ids[i] as number)) {
        counters.duplicate++;
        continue;
      }
      counters.accepted++;
      const flags = chunk.flags[i] as number;
      countFlags(
        counters,
        conflicted.size > 0 && conflicted.has(chunk.invoiceRef[i] as number)
          ? flags | LineFlag.HEADER_CONFLICT
          : flags,
      );
    }
    return written;
  }

  return {
    writeChunk,
    writeSegment,
    /** Encodes, writes and segments records parsed in this thread. */
    async writeRecords(records: readonly InvoiceLineRecord[]): Promise<void> {
      if (records.length === 0) return;
      const encoded = encoder.encode(records);
      const seq = localSeq++;
      feeder.hold(seq, encoded.records, encoded.chunk.invoiceRef);
      const written = await writeChunk(encoded.chunk);
      feeder.resolve(seq, written.ids, written.invoiceIds, written.storedHeaders);
      for (const s of segments.splice(0)) await writeSegment(s);
    },
    async finish(): Promise<void> {
      feeder.finish();
      for (const s of segments.splice(0)) await writeSegment(s);
      await writer.finish();
      const linked = await updateRedLinks(tx, batchId, redOriginals);
      if (linked.withoutOriginal > 0) counters.flagCounts.RED_WITHOUT_ORIGINAL = linked.withoutOriginal;
      if (linked.exceeding > 0) counters.flagCounts.RED_EXCEEDS_ORIGINAL = linked.exceeding;
    },
  };
}

export type InvoiceSink = ReturnType<typeof createInvoiceSink>;
