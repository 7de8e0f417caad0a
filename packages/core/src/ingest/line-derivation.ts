// The part of a line that follows from the product catalogue: its product, REO kg and the warning
// bits that depend on the match. The import (invoice-line.ts) and `oresight rederive` (after a
// catalogue change, architecture.md §4 "derived values are recomputable") both use these, so the
// rules live in one place.
import type { Catalogue, Product } from '../domain/catalogue.ts';
import { reoPerKgForLine } from '../domain/catalogue.ts';
import { LineFlag } from '../domain/line-flags.ts';
import { MG_PER_KG, toMg } from '../domain/decimal.ts';

/** The flag bits a catalogue change can alter; every other bit follows from the raw values alone. */
export const CATALOGUE_FLAGS = LineFlag.ITEM_UNMATCHED | LineFlag.PREFIX_MISMATCH | LineFlag.ORDINARY_INVOICE;

/**
 * True when 发票票种 names an ordinary (not special) VAT invoice.
 * @example isOrdinaryInvoiceKind('增值税普通发票') // true
 */
export function isOrdinaryInvoiceKind(kind: string): boolean {
  return /普通|ordinary|general/i.test(kind);
}

/**
 * The catalogue-dependent flag bits of a line (formats.md §1): the item name matches no product;
 * its `*类别*` prefix names another category; a rare earth product (not a processing fee) on an
 * ordinary invoice (STA 2012 No. 17 requires special invoices).
 * @example catalogueFlags(undefined, false, false) === LineFlag.ITEM_UNMATCHED
 */
export function catalogueFlags(
  product: Product | undefined,
  prefixMismatch: boolean,
  ordinaryInvoice: boolean,
): number {
  let flags = 0;
  if (product === undefined) flags |= LineFlag.ITEM_UNMATCHED;
  if (prefixMismatch) flags |= LineFlag.PREFIX_MISMATCH;
  if (product !== undefined && product.category !== 'fee' && ordinaryInvoice)
    flags |= LineFlag.ORDINARY_INVOICE;
  return flags;
}

/**
 * REO kg of a line = kg of product × kg REO per kg (inspection.md §1), rounded to the milligram:
 * that removes binary noise (12000 × 0.28 = 3360.0000000000005), never a real gram. Half a
 * milligram rounds away from zero, so a red line's REO is exactly the negative of its original's.
 * @example lineReoKg(12000, 0.28) // 3360
 */
export function lineReoKg(kg: number, reoPerKg: number): number {
  const mg = toMg(kg * reoPerKg);
  return mg === 0 ? 0 : mg / MG_PER_KG; // never −0
}

/** What the catalogue says about one stored item (name, specification). */
export interface ItemDerivation {
  readonly productId: string | null;
  readonly product: Product | undefined;
  readonly prefixMismatch: boolean;
  /** kg REO per kg of product for lines of this item; 0 when unmatched. */
  readonly reoPerKg: number;
}

/**
 * Matches an item as the import does (the `*类别*` prefix, aliases, full-width characters) and
 * settles its kg REO per kg (an REO figure in the specification counts for `specOverride` products).
 * @example deriveItem(createCatalogue(), '*稀土冶炼分离产品*碳酸稀土', 'REO≥42%').reoPerKg // 0.42
 */
export function deriveItem(
  catalogue: Catalogue,
  itemName: string,
  specification: string | null,
): ItemDerivation {
  const match = catalogue.matchItemName(itemName);
  const product = match.productId === undefined ? undefined : catalogue.getProduct(match.productId);
  return {
    productId: product === undefined ? null : product.id,
    product,
    prefixMismatch: match.prefixMismatch,
    reoPerKg: product === undefined ? 0 : reoPerKgForLine(product, specification ?? undefined),
  };
}
