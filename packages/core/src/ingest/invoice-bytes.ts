// The byte-level reading of an invoice line (RowMapper.mapBytes, for csv-bytes.ts): the same
// reading as the invoice mapper's mapRow, field for field, on the bytes of a CSV line. ASCII cells
// (codes, numbers, dates, IDs) are read in place; every other value goes through mapRow's own
// string functions once per distinct byte string and is then found again in a ByteCache. A line
// that would raise an issue (or has a form this reader leaves to mapRow) is declined before
// anything observable happens: issues are only ever made by mapRow.
import type { InvoiceLineRecord, InvoiceStatus } from './records.ts';
import type { RowOutput } from './types.ts';
import type { CsvLineScanner, FieldDecoder } from './csv-bytes.ts';
import type { InvoiceContext, ItemInfo, LineDraft, TaxIdInfo } from './invoice-line.ts';
import type { KeyCounter } from './key-counter.ts';
import type { Unit } from '../domain/units.ts';
import type { IdentityResult } from './values.ts';
import { ByteCache, ByteMemo } from './byte-cache.ts';
import { assembleInvoiceLine } from './invoice-line.ts';
import {
  asciiText,
  cleanAscii,
  cleanCell,
  decimalOut,
  normalizeIdentity,
  parseStatusText,
  parseYesNo,
  rangeOut,
  readDecimal,
  readDecimalBytes,
  readFen,
  readFenBytes,
} from './values.ts';

/** Column indexes of the header (-1: not in the file). */
export interface InvoiceColumns {
  readonly code: number;
  readonly number: number;
  readonly eNumber: number;
  readonly lineNo: number;
  readonly date: number;
  readonly sellerId: number;
  readonly sellerName: number;
  readonly buyerId: number;
  readonly buyerName: number;
  readonly taxCode: number;
  readonly special: number;
  readonly item: number;
  readonly spec: number;
  readonly unit: number;
  readonly quantity: number;
  readonly price: number;
  readonly amount: number;
  readonly rate: number;
  readonly tax: number;
  readonly total: number;
  readonly kind: number;
  readonly status: number;
  readonly positive: number;
  readonly original: number;
  readonly remark: number;
}

/** The byte-level reading: RowMapper.mapBytes and RowMapper.repeatingColumns. */
export interface ByteRowMapper {
  readonly mapBytes: (
    bytes: Uint8Array,
    fields: CsvLineScanner,
    text: FieldDecoder,
    row: number,
    out: RowOutput<InvoiceLineRecord>,
  ) => boolean;
  readonly repeatingColumns: readonly [number, number];
}

/** What mapRow reads as a tax of zero on exempt lines (values of the tax column). */
export const EXEMPT_TAX: ReadonlySet<string> = new Set(['***', '**', '*', '免税', '不征税', '-', '—']);

/** Values of the yes/no column, as cached numbers. */
const YES = 1;
const NO = 0;
const NO_VALUE = -1;
const NOT_YES_NO = -2;

/**
 * The cached reading of one column: a cache of all its distinct byte strings, and for columns
 * that repeat from line to line (units, rates, parties) the last one first.
 */
class ColumnCache<V> {
  private readonly memo: ByteMemo<V> | null;
  private readonly cache: ByteCache<V>;
  constructor(
    private readonly read: (cell: string) => V,
    options: { limit?: number; repeats?: boolean } = {},
  ) {
    this.cache = new ByteCache<V>(options.limit ?? 50_000);
    this.memo = options.repeats === false ? null : new ByteMemo<V>();
  }

  /** What the cell `b[start, end)` reads as (`read` of the cleaned text, as mapRow sees it). */
  get(b: Uint8Array, start: number, end: number, wide: boolean, text: FieldDecoder): V {
    const memo = this.memo;
    if (memo !== null && memo.matches(b, start, end)) return memo.value!;
    let v = this.cache.get(b, start, end);
    if (v === undefined) {
      v = this.read(cleanCell(text.text(b, start, end, wide)));
      this.cache.set(b, start, end, v);
    }
    if (memo !== null) memo.set(b, start, end, v);
    return v;
  }
}

/**
 * Columns read together: when they are adjacent in the file, the bytes of the whole run (cells,
 * delimiters and quotes as written) are one cache key, and one lookup reads them all (a product's
 * item, specification and unit; a party's ID and name). Otherwise each column is read on its own.
 */
class ColumnGroup<V> {
  private readonly first: number;
  private readonly last: number;
  private readonly memo: ByteMemo<V> | null;
  private readonly cache = new ByteCache<V>(20_000);
  constructor(
    columns: readonly number[],
    /** Reads the group column by column (the value of a cache miss). */
    private readonly read: (b: Uint8Array, f: CsvLineScanner, text: FieldDecoder) => V,
    repeats: boolean,
  ) {
    const present = columns.filter((x) => x >= 0).sort((x, y) => x - y);
    const adjacent = present.every((x, k) => k === 0 || x === present[k - 1]! + 1);
    this.first = adjacent ? present[0]! : -1;
    this.last = adjacent ? present[present.length - 1]! : -1;
    this.memo = repeats ? new ByteMemo<V>() : null;
  }

  get(b: Uint8Array, f: CsvLineScanner, text: FieldDecoder): V {
    if (this.first < 0 || this.last >= f.count) return this.read(b, f, text);
    const start = f.rawStarts[this.first]!;
    const end = f.rawEnds[this.last]!;
    const memo = this.memo;
    if (memo !== null && memo.matches(b, start, end)) return memo.value!;
    let v = this.cache.get(b, start, end);
    if (v === undefined) {
      v = this.read(b, f, text);
      this.cache.set(b, start, end, v);
    }
    if (memo !== null) memo.set(b, start, end, v);
    return v;
  }
}

/** What a party's columns read as (null: a value mapRow would refuse). */
interface Party {
  readonly id: TaxIdInfo | null;
  readonly name: string;
}

/** What a product's columns read as. */
interface ProductCells {
  readonly item: ItemInfo | null;
  readonly specification: string | null;
  readonly unit: Unit | null;
}

/**
 * The byte-level reader of invoice lines, sharing mapRow's context (caches), line counter and
 * draft: a line it reads becomes the very record mapRow would make of it.
 * @example const { mapBytes } = createInvoiceByteMapper(columns, ctx, counter, draft, 'a.csv');
 */
export function createInvoiceByteMapper(
  c: InvoiceColumns,
  ctx: InvoiceContext,
  counter: KeyCounter,
  d: LineDraft,
  source: string,
): ByteRowMapper {
  // Text of a cell, cleaned, as mapRow's cellAt gives it.
  function cellText(b: Uint8Array, f: CsvLineScanner, text: FieldDecoder, column: number): string {
    if (column < 0 || column >= f.count) return '';
    const start = f.starts[column]!;
    const end = f.ends[column]!;
    if (f.wide[column] === 1) return cleanCell(text.text(b, start, end, true));
    cleanAscii(b, start, end);
    return asciiText(b, rangeOut.start, rangeOut.end);
  }

  /**
   * Cleans an ASCII cell into rangeOut; false when the cell is absent or has non-ASCII bytes
   * (then the caller reads cellText).
   */
  function asciiCell(b: Uint8Array, f: CsvLineScanner, column: number): boolean {
    if (column < 0 || column >= f.count) {
      rangeOut.start = rangeOut.end = 0;
      return true;
    }
    if (f.wide[column] === 1) return false;
    cleanAscii(b, f.starts[column]!, f.ends[column]!);
    return true;
  }

  const dates = new ColumnCache<string | null>((cell) => (cell === '' ? null : ctx.date(cell)));
  const taxIds = new ColumnCache<TaxIdInfo | null>((cell) => (cell === '' ? null : ctx.taxId(cell)));
  const buyerIds = new ColumnCache<TaxIdInfo | null>((cell) => (cell === '' ? null : ctx.taxId(cell)));
  const names = new ColumnCache<string>((cell) => cell);
  const buyerNames = new ColumnCache<string>((cell) => cell);
  // Items and specifications change from line to line within an invoice: no memo for them.
  const items = new ColumnCache<ItemInfo | null>((cell) => (cell === '' ? null : ctx.item(cell)), {
    limit: 20_000,
    repeats: false,
  });
  const units = new ColumnCache<Unit | null>((cell) => (cell === '' ? null : ctx.unit(cell)), {
    limit: 1_000,
  });
  const rates = new ColumnCache<{ rate: number | null } | null>(
    (cell) => (cell === '' ? null : ctx.rate(cell)),
    {
      limit: 1_000,
    },
  );
  // '' = no status given (normal); null = not a status.
  const statuses = new ColumnCache<InvoiceStatus | '' | null>(
    (cell) => (cell === '' ? '' : (parseStatusText(cell) ?? null)),
    { limit: 1_000 },
  );
  const yesNo = new ColumnCache<number>((cell) => (cell === '' ? NO_VALUE : parseYesNoCode(cell)), {
    limit: 1_000,
  });
  // Short optional texts that repeat (specification, tax code, special business, invoice kind).
  const optionalText = (cell: string): string | null => (cell === '' ? null : cell);
  const specs = new ColumnCache<string | null>(optionalText, { limit: 20_000, repeats: false });
  const taxCodes = new ColumnCache<string | null>(optionalText, { limit: 20_000, repeats: false });
  const specials = new ColumnCache<string | null>(optionalText, { limit: 1_000 });
  const kinds = new ColumnCache<string | null>(optionalText, { limit: 1_000 });

  // Sellers and buyers are one ID-and-name group each, and do not share a memo: an invoice's
  // buyer is seldom the seller of the next.
  const sellers = new ColumnGroup<Party>(
    [c.sellerId, c.sellerName],
    (b, f, text) => ({
      id: cached(taxIds, b, f, text, c.sellerId),
      name: cached(names, b, f, text, c.sellerName),
    }),
    true,
  );
  const buyers = new ColumnGroup<Party>(
    [c.buyerId, c.buyerName],
    (b, f, text) => ({
      id: cached(buyerIds, b, f, text, c.buyerId),
      name: cached(buyerNames, b, f, text, c.buyerName),
    }),
    true,
  );
  const products = new ColumnGroup<ProductCells>(
    [c.item, c.spec, c.unit],
    (b, f, text) => ({
      item: cached(items, b, f, text, c.item),
      specification: c.spec < 0 ? null : cached(specs, b, f, text, c.spec),
      unit: cached(units, b, f, text, c.unit),
    }),
    false,
  );

  function cached<V>(
    cache: ColumnCache<V>,
    b: Uint8Array,
    f: CsvLineScanner,
    text: FieldDecoder,
    column: number,
  ): V {
    if (column >= f.count) return cache.get(b, 0, 0, false, text);
    return cache.get(b, f.starts[column]!, f.ends[column]!, f.wide[column] === 1, text);
  }

  // The invoice's own columns (identity, date, parties) repeat on each of its lines: the scanner
  // tells when their bytes are the last line's (repeatingColumns), and they are not read again.
  const headColumns = [c.code, c.number, c.eNumber, c.date, c.sellerId, c.sellerName, c.buyerId, c.buyerName];
  const headFirst = Math.min(...headColumns.filter((x) => x >= 0));
  const headLast = Math.max(...headColumns);
  /** The scanner's repeatId of the line the h* values were read from (-1: none). */
  let headId = -1;
  let hIdentity: Exclude<IdentityResult, { kind: 'issue' }> | null = null;
  let hDate = '';
  let hSeller: TaxIdInfo | null = null;
  let hBuyer: TaxIdInfo | null = null;
  let hSellerName = '';
  let hBuyerName = '';

  /** Reads the invoice's columns into h*; false when mapRow must read the line. */
  function readHead(b: Uint8Array, f: CsvLineScanner, text: FieldDecoder): boolean {
    const identity = normalizeIdentity(
      cellText(b, f, text, c.code),
      cellText(b, f, text, c.number),
      cellText(b, f, text, c.eNumber),
    );
    if (identity.kind === 'issue') return false;
    const date = cached(dates, b, f, text, c.date);
    if (date === null) return false;
    const seller = sellers.get(b, f, text);
    if (seller.id === null || seller.name === '') return false;
    const buyer = buyers.get(b, f, text);
    if (buyer.id === null || buyer.name === '') return false;
    hIdentity = identity;
    hDate = date;
    hSeller = seller.id;
    hSellerName = seller.name;
    hBuyer = buyer.id;
    hBuyerName = buyer.name;
    return true;
  }

  /** A required decimal column into decimalOut (readDecimal of the cell); false when it is not one. */
  function decimalAt(b: Uint8Array, f: CsvLineScanner, text: FieldDecoder, column: number): boolean {
    if (asciiCell(b, f, column))
      return rangeOut.start < rangeOut.end && readDecimalBytes(b, rangeOut.start, rangeOut.end);
    const cell = cellText(b, f, text, column);
    return cell !== '' && readDecimal(cell);
  }

  /** A money column in fen (readFen of the cell); undefined when empty or not a number. */
  function fenAt(b: Uint8Array, f: CsvLineScanner, text: FieldDecoder, column: number): number | undefined {
    if (asciiCell(b, f, column))
      return rangeOut.start === rangeOut.end ? undefined : readFenBytes(b, rangeOut.start, rangeOut.end);
    const cell = cellText(b, f, text, column);
    return cell === '' ? undefined : readFen(cell);
  }

  function mapBytes(
    b: Uint8Array,
    f: CsvLineScanner,
    text: FieldDecoder,
    rowNumber: number,
    out: RowOutput<InvoiceLineRecord>,
  ): boolean {
    // The invoice's own columns are read again only when the scanner saw them change.
    if (!f.repeated || f.repeatId !== headId) {
      headId = -1;
      if (!readHead(b, f, text)) return false;
      headId = f.repeatId;
    }

    let lineNo = 0;
    if (c.lineNo >= 0) {
      if (!asciiCell(b, f, c.lineNo)) return false;
      const start = rangeOut.start;
      const end = rangeOut.end;
      if (start < end) {
        // Plain digits only (Number() of anything else is mapRow's business); 1 ≤ n ≤ 1e6.
        if (end - start > 7) return false;
        for (let i = start; i < end; i++) {
          const x = b[i]!;
          if (x < 48 || x > 57) return false;
          lineNo = lineNo * 10 + (x - 48);
        }
        if (lineNo < 1 || lineNo > 1e6) return false;
      }
    }

    const product = products.get(b, f, text);
    const item = product.item;
    const unit = product.unit;
    if (item === null || unit === null) return false;

    if (!decimalAt(b, f, text, c.quantity)) return false;
    const quantityText = decimalOut.text;
    const quantityValue = decimalOut.value;
    const quantityMantissa = decimalOut.mantissa;
    const quantityScale = decimalOut.scale;
    if (!decimalAt(b, f, text, c.price)) return false;
    const unitPriceText = decimalOut.text;
    const unitPriceValue = decimalOut.value;
    const amountFen = fenAt(b, f, text, c.amount);
    if (amountFen === undefined) return false;

    const rate = cached(rates, b, f, text, c.rate);
    if (rate === null) return false;

    let taxFen: number | undefined;
    if (
      asciiCell(b, f, c.tax) &&
      rangeOut.start < rangeOut.end &&
      b[rangeOut.start]! >= 48 &&
      b[rangeOut.start]! <= 57
    ) {
      // Starts with a digit: not one of EXEMPT_TAX's words.
      taxFen = readFenBytes(b, rangeOut.start, rangeOut.end);
    } else {
      // 免税 lines show *** (or nothing) as their tax: that is zero tax, not a missing value.
      const taxText = cellText(b, f, text, c.tax);
      if (taxText === '' || EXEMPT_TAX.has(taxText)) taxFen = rate.rate === null ? 0 : undefined;
      else taxFen = readFen(taxText);
    }
    if (taxFen === undefined) return false;

    let totalFen: number | null = null;
    if (c.total >= 0) {
      if (asciiCell(b, f, c.total)) {
        if (rangeOut.start < rangeOut.end) {
          const t = readFenBytes(b, rangeOut.start, rangeOut.end);
          if (t === undefined) return false;
          totalFen = t;
        }
      } else {
        const cell = cellText(b, f, text, c.total);
        if (cell !== '') {
          const t = readFen(cell);
          if (t === undefined) return false;
          totalFen = t;
        }
      }
    }

    let status: InvoiceStatus = 'normal';
    if (c.status >= 0) {
      const st = cached(statuses, b, f, text, c.status);
      if (st === null) return false;
      if (st !== '') status = st;
    }
    let isPositive: boolean | null = null;
    if (c.positive >= 0) {
      const yes = cached(yesNo, b, f, text, c.positive);
      if (yes === NOT_YES_NO) return false;
      if (yes !== NO_VALUE) isPositive = yes === YES;
    }

    // The line reads: from here on it is mapRow's record, field for field.
    d.identity = hIdentity!;
    d.lineNo = lineNo;
    d.issueDate = hDate;
    d.seller = hSeller!;
    d.sellerName = hSellerName;
    d.buyer = hBuyer!;
    d.buyerName = hBuyerName;
    d.taxCode = c.taxCode < 0 ? null : cached(taxCodes, b, f, text, c.taxCode);
    d.specialBusiness = c.special < 0 ? null : cached(specials, b, f, text, c.special);
    d.item = item;
    d.specification = product.specification;
    d.unit = unit;
    d.quantityText = quantityText;
    d.quantityValue = quantityValue;
    d.quantityMantissa = quantityMantissa;
    d.quantityScale = quantityScale;
    d.unitPriceText = unitPriceText;
    d.unitPriceValue = unitPriceValue;
    d.amountFen = amountFen;
    d.taxRate = rate.rate;
    d.taxFen = taxFen;
    d.totalFen = totalFen;
    d.invoiceKind = c.kind < 0 ? null : cached(kinds, b, f, text, c.kind);
    d.status = status;
    d.isPositive = isPositive;
    d.originalRaw = c.original < 0 ? '' : cellText(b, f, text, c.original);
    d.originalKey = null;
    if (c.remark < 0) d.remark = null;
    else {
      const remark = cellText(b, f, text, c.remark);
      d.remark = remark === '' ? null : remark;
    }
    d.source = source;
    d.row = rowNumber;
    out.records.push(assembleInvoiceLine(ctx, d, counter));
    out.rowsRead++;
    return true;
  }

  return { mapBytes, repeatingColumns: [headFirst, headLast] };
}

function parseYesNoCode(cell: string): number {
  const b = parseYesNo(cell);
  return b === undefined ? NOT_YES_NO : b ? YES : NO;
}
