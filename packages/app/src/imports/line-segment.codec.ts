// Columnar line segments: a batch's lines as typed arrays with local dictionaries, stored beside
// the lines (table line_segments) and decoded straight into an inspection Dataset. They are
// derived data: `oresight rederive` rebuilds them from invoice_lines. See
// docs/decisions/0002-columnar-segments.md for why (performance.md: the SQL driver is the trap).
import type { InvoiceLineRecord } from '@oresight/core/ingest';
import { dayNumberOrThrow, isoDateOf } from '@oresight/core/domain';

const MAGIC = 0x3147534f; // 'OSG1' little-endian
// 2: each invoice's store id (invoices.id) beside its key, so the loader joins invoices across
// segments and batches with a dense array instead of a map of key strings (1 is still read).
export const SEGMENT_FORMAT = 2;

const UNIT_CODES: Readonly<Record<string, number>> = { t: 0, kg: 1, g: 2 };

/** What a segment holds per line (store id first: evidence and API links use it). */
export interface SegmentLine {
  id: number;
  /** The store id of the line's invoice (invoices.id); NaN when unknown. */
  invoiceId: number;
  record: Pick<
    InvoiceLineRecord,
    | 'invoiceKey'
    | 'lineNo'
    | 'issueDate'
    | 'sellerTaxId'
    | 'sellerName'
    | 'buyerTaxId'
    | 'buyerName'
    | 'productId'
    | 'unit'
    | 'kg'
    | 'reoKg'
    | 'amountFen'
    | 'taxRate'
    | 'flags'
    | 'invoiceKind'
  >;
}

export interface DecodedSegment {
  readonly count: number;
  readonly taxIds: readonly string[];
  readonly names: readonly string[];
  /** Per party (same index as taxIds): first and last issue day in this segment. */
  readonly partyFirstDay: readonly number[];
  readonly partyLastDay: readonly number[];
  readonly products: readonly string[];
  readonly invoiceKeys: readonly string[];
  readonly invoiceIsSpecial: Uint8Array;
  /** Per invoice (same index as invoiceKeys): its store id; null in format-1 segments. */
  readonly invoiceStoreIds: Float64Array | null;
  readonly id: Float64Array;
  readonly invoice: Int32Array;
  readonly lineNo: Int32Array;
  readonly day: Int32Array;
  readonly seller: Int32Array;
  readonly buyer: Int32Array;
  readonly product: Int32Array;
  readonly unit: Uint8Array;
  readonly kg: Float64Array;
  readonly reoKg: Float64Array;
  /** CNY (yuan) ex-VAT */
  readonly amount: Float64Array;
  /** NaN when exempt */
  readonly taxRate: Float64Array;
  readonly flags: Int32Array;
}

type NumericArray = Float64Array | Int32Array | Uint8Array;
type ArrayCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

const SECTIONS: readonly [keyof DecodedSegment, ArrayCtor][] = [
  ['id', Float64Array],
  ['kg', Float64Array],
  ['reoKg', Float64Array],
  ['amount', Float64Array],
  ['taxRate', Float64Array],
  ['invoice', Int32Array],
  ['lineNo', Int32Array],
  ['day', Int32Array],
  ['seller', Int32Array],
  ['buyer', Int32Array],
  ['product', Int32Array],
  ['flags', Int32Array],
  ['unit', Uint8Array],
];

function isSpecialKind(kind: string | null): boolean {
  // Unknown kind counts as special: the breach needs positive evidence of an ordinary invoice.
  return kind === null || !/普通|普票|ordinary/i.test(kind) || /专用/.test(kind);
}

class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  /** Index of `value`, added when new (compare with `size` before to know); no tuple per call. */
  indexOf(value: string): number {
    const i = this.index.get(value);
    if (i !== undefined) return i;
    this.values.push(value);
    this.index.set(value, this.values.length - 1);
    return this.values.length - 1;
  }
  get size(): number {
    return this.values.length;
  }
}

/**
 * Accumulates lines into a segment; `finish()` encodes it.
 * @example const b = createSegmentBuilder(); b.add(line); const { bytes } = b.finish();
 */
export function createSegmentBuilder(capacity = 1 << 16) {
  let cap = capacity;
  let count = 0;
  const columns = new Map<keyof DecodedSegment, NumericArray>(
    SECTIONS.map(([name, Ctor]) => [name, new Ctor(cap)]),
  );
  const parties = new Dictionary();
  const names: string[] = [];
  const firstDay: number[] = [];
  const lastDay: number[] = [];
  const products = new Dictionary();
  const invoices = new Dictionary();
  const invoiceSpecial: number[] = [];
  const invoiceStoreIds: number[] = [];
  let minDay = Infinity;
  let maxDay = -Infinity;

  function col<T extends NumericArray>(name: keyof DecodedSegment): T {
    return columns.get(name) as T;
  }
  // The columns `add` writes, held directly instead of 13 Map lookups per line.
  const lineColumns = () => ({
    id: col<Float64Array>('id'),
    invoice: col<Int32Array>('invoice'),
    lineNo: col<Int32Array>('lineNo'),
    day: col<Int32Array>('day'),
    seller: col<Int32Array>('seller'),
    buyer: col<Int32Array>('buyer'),
    product: col<Int32Array>('product'),
    unit: col<Uint8Array>('unit'),
    kg: col<Float64Array>('kg'),
    reoKg: col<Float64Array>('reoKg'),
    amount: col<Float64Array>('amount'),
    taxRate: col<Float64Array>('taxRate'),
    flags: col<Int32Array>('flags'),
  });
  let c = lineColumns();
  function grow() {
    cap *= 2;
    for (const [name, Ctor] of SECTIONS) {
      const next = new Ctor(cap);
      next.set(col(name));
      columns.set(name, next);
    }
  }
  function party(taxId: string, name: string, day: number): number {
    const known = parties.size;
    const i = parties.indexOf(taxId);
    if (i === known) {
      names.push(name);
      firstDay.push(day);
      lastDay.push(day);
    } else {
      if (day < (firstDay[i] as number)) firstDay[i] = day;
      if (day > (lastDay[i] as number)) lastDay[i] = day;
    }
    return i;
  }

  return {
    get count() {
      return count;
    },
    /** Adds one line: its store id, its invoice's store id (NaN when unknown) and its record. */
    add(id: number, invoiceId: number, r: SegmentLine['record']): void {
      if (count === cap) {
        grow();
        c = lineColumns();
      }
      const day = dayNumberOrThrow(r.issueDate);
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
      const knownInvoices = invoices.size;
      const inv = invoices.indexOf(r.invoiceKey);
      if (inv === knownInvoices) {
        invoiceSpecial.push(isSpecialKind(r.invoiceKind) ? 1 : 0);
        invoiceStoreIds.push(invoiceId);
      }
      c.id[count] = id;
      c.invoice[count] = inv;
      c.lineNo[count] = r.lineNo;
      c.day[count] = day;
      c.seller[count] = party(r.sellerTaxId, r.sellerName, day);
      c.buyer[count] = party(r.buyerTaxId, r.buyerName, day);
      c.product[count] = r.productId === null ? -1 : products.indexOf(r.productId);
      c.unit[count] = UNIT_CODES[r.unit] ?? 1;
      c.kg[count] = r.kg;
      c.reoKg[count] = r.reoKg;
      c.amount[count] = r.amountFen / 100;
      c.taxRate[count] = r.taxRate ?? Number.NaN;
      c.flags[count] = r.flags;
      count++;
    },
    /** Encodes the segment; call once. */
    finish(): { bytes: Uint8Array; count: number; minDate: string; maxDate: string } {
      const header = {
        count,
        taxIds: parties.values,
        names,
        firstDay,
        lastDay,
        products: products.values,
        invoiceCount: invoices.values.length,
        invoiceIds: true,
      };
      const headerBytes = new TextEncoder().encode(JSON.stringify(header));
      const keysBytes = new TextEncoder().encode(invoices.values.join('\n'));
      const align = (n: number) => (n + 7) & ~7;
      let size = align(8 + headerBytes.length);
      for (const [, Ctor] of SECTIONS) size = align(size + count * Ctor.BYTES_PER_ELEMENT);
      size = align(size + invoiceSpecial.length);
      const storeIdsOffset = size;
      size = align(size + invoiceStoreIds.length * 8);
      const keysOffset = size;
      size += keysBytes.length;
      const bytes = new Uint8Array(size);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, MAGIC, true);
      view.setUint32(4, headerBytes.length, true);
      bytes.set(headerBytes, 8);
      let offset = align(8 + headerBytes.length);
      for (const [name, Ctor] of SECTIONS) {
        const src = col(name).subarray(0, count);
        bytes.set(new Uint8Array(src.buffer, src.byteOffset, count * Ctor.BYTES_PER_ELEMENT), offset);
        offset = align(offset + count * Ctor.BYTES_PER_ELEMENT);
      }
      bytes.set(invoiceSpecial, offset);
      new Float64Array(bytes.buffer, storeIdsOffset, invoiceStoreIds.length).set(invoiceStoreIds);
      bytes.set(keysBytes, keysOffset);
      return {
        bytes,
        count,
        minDate: count > 0 ? isoDateOf(minDay) : '',
        maxDate: count > 0 ? isoDateOf(maxDay) : '',
      };
    },
  };
}

export type SegmentBuilder = ReturnType<typeof createSegmentBuilder>;

interface SegmentHeader {
  count: number;
  taxIds: string[];
  names: string[];
  firstDay: number[];
  lastDay: number[];
  products: string[];
  invoiceCount: number;
  invoiceIds: boolean;
}

function parseHeader(json: string): SegmentHeader {
  const h: unknown = JSON.parse(json);
  if (typeof h !== 'object' || h === null) throw new Error('corrupt line segment header');
  const o = h as Record<string, unknown>;
  const strings = (v: unknown) =>
    Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
  const taxIds = strings(o.taxIds);
  const names = strings(o.names);
  const products = strings(o.products);
  const numbers = (v: unknown) =>
    Array.isArray(v) && v.every((n) => typeof n === 'number') ? (v as number[]) : undefined;
  const firstDay = numbers(o.firstDay);
  const lastDay = numbers(o.lastDay);
  if (
    typeof o.count !== 'number' ||
    typeof o.invoiceCount !== 'number' ||
    !taxIds ||
    !names ||
    !products ||
    !firstDay ||
    !lastDay
  )
    throw new Error('corrupt line segment header');
  return {
    count: o.count,
    taxIds,
    names,
    firstDay,
    lastDay,
    products,
    invoiceCount: o.invoiceCount,
    invoiceIds: o.invoiceIds === true,
  };
}

/**
 * Decodes a segment; numeric columns are zero-copy views when the bytes are 8-aligned.
 * @example const seg = decodeSegment(bytes); seg.reoKg[0]
 */
export function decodeSegment(input: Uint8Array): DecodedSegment {
  // Typed-array views need aligned offsets; copy once if the driver handed us an unaligned view.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a line segment (bad magic)');
  const headerLength = view.getUint32(4, true);
  const header = parseHeader(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const align = (n: number) => (n + 7) & ~7;
  let offset = align(8 + headerLength);
  const out: Record<string, NumericArray> = {};
  for (const [name, Ctor] of SECTIONS) {
    out[name] = new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, header.count);
    offset = align(offset + header.count * Ctor.BYTES_PER_ELEMENT);
  }
  const invoiceIsSpecial = bytes.subarray(offset, offset + header.invoiceCount);
  offset = align(offset + header.invoiceCount);
  let invoiceStoreIds: Float64Array | null = null;
  if (header.invoiceIds) {
    invoiceStoreIds = new Float64Array(
      bytes.buffer as ArrayBuffer,
      bytes.byteOffset + offset,
      header.invoiceCount,
    );
    offset = align(offset + header.invoiceCount * 8);
  }
  const keysText = new TextDecoder().decode(bytes.subarray(offset));
  const invoiceKeys = header.invoiceCount === 0 ? [] : keysText.split('\n');
  if (invoiceKeys.length !== header.invoiceCount) throw new Error('corrupt line segment (invoice keys)');
  return {
    count: header.count,
    taxIds: header.taxIds,
    names: header.names,
    partyFirstDay: header.firstDay,
    partyLastDay: header.lastDay,
    products: header.products,
    invoiceKeys,
    invoiceIsSpecial,
    invoiceStoreIds,
    ...(out as Pick<
      DecodedSegment,
      | 'id'
      | 'invoice'
      | 'lineNo'
      | 'day'
      | 'seller'
      | 'buyer'
      | 'product'
      | 'unit'
      | 'kg'
      | 'reoKg'
      | 'amount'
      | 'taxRate'
      | 'flags'
    >),
  };
}
