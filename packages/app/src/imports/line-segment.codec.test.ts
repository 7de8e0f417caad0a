import { describe, expect, it } from 'vitest';
import type { SegmentLine } from './line-segment.codec.ts';
import { createSegmentBuilder, decodeSegment } from './line-segment.codec.ts';

function line(id: number, invoiceId: number, invoiceKey: string, lineNo: number): SegmentLine {
  return {
    id,
    invoiceId,
    record: {
      invoiceKey,
      lineNo,
      issueDate: '2013-03-0' + String(lineNo),
      sellerTaxId: '91150200MA0000001X',
      sellerName: '卖方',
      buyerTaxId: '91360700MA0000002Y',
      buyerName: '买方',
      productId: lineNo === 2 ? null : 'oxide-prnd',
      unit: 't',
      kg: 1000 * lineNo,
      reoKg: 990 * lineNo,
      amountFen: 123_456_789 + lineNo,
      taxRate: lineNo === 3 ? null : 0.17,
      flags: lineNo,
      invoiceKind: lineNo === 3 ? '增值税普通发票' : null,
    },
  };
}

describe('line segment codec', () => {
  it('round-trips every column, the dictionaries and each invoice’s store id', () => {
    const b = createSegmentBuilder(2); // small capacity: exercises growth
    const lines = [line(11, 501, 'A-1', 1), line(12, 501, 'A-1', 2), line(13, 777, 'B-9', 3)];
    for (const l of lines) b.add(l.id, l.invoiceId, l.record);
    const { bytes, count, minDate, maxDate } = b.finish();
    expect([count, minDate, maxDate]).toEqual([3, '2013-03-01', '2013-03-03']);

    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const seg = decodeSegment(shifted.subarray(1)); // drivers may hand over unaligned views
    expect(seg.invoiceKeys).toEqual(['A-1', 'B-9']);
    expect([...(seg.invoiceStoreIds ?? [])]).toEqual([501, 777]);
    expect([...seg.invoiceIsSpecial]).toEqual([1, 0]);
    expect([...seg.invoice]).toEqual([0, 0, 1]);
    expect([...seg.id]).toEqual([11, 12, 13]);
    expect([...seg.lineNo]).toEqual([1, 2, 3]);
    expect([...seg.kg]).toEqual([1000, 2000, 3000]);
    expect([...seg.amount]).toEqual([1234567.9, 1234567.91, 1234567.92]);
    expect(seg.taxRate[2]).toBeNaN();
    expect([...seg.product]).toEqual([0, -1, 0]);
    expect(seg.products).toEqual(['oxide-prnd']);
    expect(seg.taxIds).toEqual(['91150200MA0000001X', '91360700MA0000002Y']);
  });
});
