// Dirty mode: a controlled ~0.5% of rows that are bad (cannot be read: formats.md §1) or read but
// look wrong (kept and flagged). Bad rows are *inserted* corrupted copies of the previous line, so
// rejecting them loses no material; flag-only anomalies change a line in place (it stays evidence);
// duplicates are inserted exact copies (one line, counted once). Which rows are dirty depends only on
// (seed, row), so the truth lists them without generating the lines.
import { hash32, hashUnit } from './prng.ts';
import type { SimulatedInvoiceLine } from './line.ts';

/** Rows that cannot be read (a strict import rejects the file; --skip-invalid rejects the row). */
export const BAD_ROW_KINDS = [
  'missing_value',
  'bad_number',
  'bad_date',
  'unknown_unit',
  'bad_tax_id',
] as const;
/** Rows that read but look wrong: kept and flagged (or, for duplicates, counted once). */
export const ANOMALY_KINDS = [
  'amount_mismatch',
  'vat_rate_not_in_force',
  'tax_id_checksum',
  'unknown_item',
  'full_width_digits',
  'scientific_notation',
  'leading_zeros_lost',
  'duplicate_line',
] as const;
export type DirtyKind = (typeof BAD_ROW_KINDS)[number] | (typeof ANOMALY_KINDS)[number];
export const DIRTY_KINDS: readonly DirtyKind[] = [...BAD_ROW_KINDS, ...ANOMALY_KINDS];

/** Share of dirty rows. */
export const DIRTY_RATE = 0.005;

/** Inserted (extra) rows: bad rows and duplicates. */
export function isInsertedKind(kind: DirtyKind): boolean {
  return kind === 'duplicate_line' || (BAD_ROW_KINDS as readonly string[]).includes(kind);
}

/** The dirty kind of 0-based data row `row`, or null. */
export function dirtyKindAt(seed: number, row: number): DirtyKind | null {
  if (hashUnit(seed ^ 0xd1e7, row) >= DIRTY_RATE) return null;
  return DIRTY_KINDS[hash32(seed ^ 0x4b1d, row) % DIRTY_KINDS.length] ?? null;
}

export interface DirtyRow {
  readonly file: string;
  /** 1-based file row (header = 1). */
  readonly row: number;
  readonly kind: DirtyKind;
}

/**
 * Walks the rows of a file of `baseRows` clean rows with dirt applied: calls `visit` for each dirty
 * row and returns the total row count. The line generator makes the same walk.
 */
export function walkDirtyRows(
  seed: number,
  baseRows: number,
  visit?: (row: number, kind: DirtyKind) => void,
): number {
  let row = 0;
  let base = 0;
  while (base < baseRows) {
    const kind = dirtyKindAt(seed, row);
    if (kind !== null && isInsertedKind(kind) && base > 0) {
      visit?.(row, kind);
      row++;
      continue;
    }
    if (kind !== null && !isInsertedKind(kind)) visit?.(row, kind);
    base++;
    row++;
  }
  return row;
}

const FULL_WIDTH = (s: string): string =>
  s.replace(/[0-9.-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const UNKNOWN_ITEMS = [
  '*稀土冶炼分离产品*稀土抛光液',
  '*稀土冶炼分离产品*钕铁硼合金粉',
  '*金属制品*稀土永磁体',
  '*稀土冶炼分离产品*稀土富集物',
];
const UNKNOWN_UNITS = ['桶', '箱', 'lb', '件'];

function fenOf(text: string): number {
  return Math.round(Number(text) * 100);
}
function yuan(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** A corrupted copy of `previous` (inserted kinds). */
export function insertedRow(
  kind: DirtyKind,
  previous: SimulatedInvoiceLine,
  seed: number,
  row: number,
): SimulatedInvoiceLine {
  const line = { ...previous };
  const h = hash32(seed ^ 0xbad, row);
  switch (kind) {
    case 'missing_value': {
      const fields = [
        'issueDate',
        'sellerTaxId',
        'buyerName',
        'itemName',
        'quantity',
        'amount',
        'unit',
      ] as const;
      line[fields[h % fields.length] ?? 'amount'] = '';
      break;
    }
    case 'bad_number':
      line.quantity = h % 2 === 0 ? `${line.quantity}吨` : line.quantity.replace(/\d/, 'O');
      break;
    case 'bad_date':
      line.issueDate =
        h % 2 === 0
          ? `${line.issueDate.slice(0, 4)}-02-30`
          : `${line.issueDate.slice(0, 4)}-13-0${1 + (h % 9)}`;
      break;
    case 'unknown_unit':
      line.unit = UNKNOWN_UNITS[h % UNKNOWN_UNITS.length] ?? '桶';
      break;
    case 'bad_tax_id':
      // Impossible length, or a character no taxpayer ID has.
      line.buyerTaxId =
        h % 2 === 0
          ? line.buyerTaxId.slice(0, 12)
          : `${line.buyerTaxId.slice(0, 8)}*${line.buyerTaxId.slice(9)}`;
      break;
    default:
      break;
  }
  return line;
}

/** Applies a flag-only anomaly to a line in place. */
export function applyAnomaly(
  kind: DirtyKind,
  line: SimulatedInvoiceLine,
  seed: number,
  row: number,
  year: number,
): void {
  const h = hash32(seed ^ 0xa0a, row);
  switch (kind) {
    case 'amount_mismatch': {
      // Amount off by a few yuan: the line keeps its quantity; the arithmetic check flags it.
      const delta = (1 + (h % 500)) * 100 * (line.amount.startsWith('-') ? -1 : 1);
      const amount = fenOf(line.amount) + delta;
      line.amount = yuan(amount);
      line.totalWithTax = yuan(amount + fenOf(line.taxAmount));
      break;
    }
    case 'vat_rate_not_in_force': {
      const wrong = year >= 2019 ? 0.17 : 0.13;
      const amount = fenOf(line.amount);
      const tax = Math.round(amount * wrong);
      line.taxRate = `${Math.round(wrong * 100)}%`;
      line.taxAmount = yuan(tax);
      line.totalWithTax = yuan(amount + tax);
      break;
    }
    case 'tax_id_checksum': {
      // One mistyped character in the buyer's ID (same length and alphabet, the check fails). The
      // buyer, not the seller: a phantom seller would show unexplained output in every inspection.
      const id = line.buyerTaxId;
      const last = id.slice(-1);
      line.buyerTaxId = `${id.slice(0, -1)}${last === '1' ? '2' : '1'}`;
      break;
    }
    case 'unknown_item':
      line.itemName = UNKNOWN_ITEMS[h % UNKNOWN_ITEMS.length] ?? UNKNOWN_ITEMS[0] ?? '';
      break;
    case 'full_width_digits':
      line.quantity = FULL_WIDTH(line.quantity);
      line.amount = FULL_WIDTH(line.amount);
      break;
    case 'scientific_notation':
      // What a spreadsheet makes of long digit strings: the reference is lost (formats.md §2).
      if (line.eInvoiceNumber !== '')
        line.eInvoiceNumber = Number(line.eInvoiceNumber).toExponential(5).toUpperCase();
      else line.taxCode = Number(line.taxCode).toExponential(5).toUpperCase();
      break;
    case 'leading_zeros_lost':
      if (line.invoiceNumber !== '') line.invoiceNumber = String(Number(line.invoiceNumber));
      else line.lineNo = `0${line.lineNo}`;
      break;
    default:
      break;
  }
}
