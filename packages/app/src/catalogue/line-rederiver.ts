// The per-item and per-line arithmetic of `oresight rederive`, apart from the store so that it reads
// as the rule it is: an item is matched again (core deriveItem, exactly as the import matches),
// and a line keeps every value but its REO kg and the catalogue's flag bits (core CATALOGUE_FLAGS),
// which are recomputed from its kg, its item and its invoice's kind.
import type { Catalogue } from '@oresight/core/domain';
import { LineFlag } from '@oresight/core/domain';
import type { LineFlagName } from '@oresight/core/domain';
import {
  CATALOGUE_FLAGS,
  catalogueFlags,
  deriveItem,
  isOrdinaryInvoiceKind,
  lineReoKg,
} from '@oresight/core/ingest';
import type { ItemDerivation } from '@oresight/core/ingest';
import type { LineDerivationRow, StoredItem } from '@oresight/store';

export interface RederivedItem {
  readonly derivation: ItemDerivation;
  /** The product stored before: a change moves every line of the item to another product. */
  readonly previousProductId: string | null;
  readonly rematched: boolean;
  /** The stored product, by the current catalogue, is a material (non-fee) product. */
  readonly previousMaterial: boolean;
}

/** Matches a stored item against the catalogue. */
export function rederiveItem(catalogue: Catalogue, item: StoredItem): RederivedItem {
  const derivation = deriveItem(catalogue, item.itemName, item.specification);
  const previous = item.productId === null ? undefined : catalogue.getProduct(item.productId);
  return {
    derivation,
    previousProductId: item.productId,
    rematched: derivation.productId !== item.productId,
    previousMaterial: previous !== undefined && previous.category !== 'fee',
  };
}

/**
 * Whether the line stands on an ordinary invoice, for ORDINARY_INVOICE. The store keeps one header
 * per invoice; a line flagged HEADER_CONFLICT came with its own header, whose kind is only known
 * through its flags: the bit set means its kind was ordinary; unset under a material product means
 * it was not. Otherwise (unmatched or a fee before) the stored invoice's kind stands in, as the
 * `invoice_lines` view and the segments show it.
 */
function onOrdinaryInvoice(line: LineDerivationRow, item: RederivedItem): boolean {
  if ((line.flags & LineFlag.HEADER_CONFLICT) !== 0) {
    if ((line.flags & LineFlag.ORDINARY_INVOICE) !== 0) return true;
    if (item.previousMaterial) return false;
  }
  return line.invoiceKind !== null && isOrdinaryInvoiceKind(line.invoiceKind);
}

export interface RederivedLine {
  readonly reoKg: number;
  readonly flags: number;
  /** REO kg or flags differ from the stored ones (the row needs an UPDATE). */
  readonly rowChanged: boolean;
  /** The row changed or its item's product did: the line's batch needs new segments. */
  readonly changed: boolean;
}

/** A line's derived values under the catalogue its item was matched with. */
export function rederiveLine(line: LineDerivationRow, item: RederivedItem): RederivedLine {
  const d = item.derivation;
  const reoKg = d.product === undefined ? 0 : lineReoKg(line.kg, d.reoPerKg);
  const flags =
    (line.flags & ~CATALOGUE_FLAGS) |
    catalogueFlags(d.product, d.prefixMismatch, onOrdinaryInvoice(line, item));
  // Exact comparison: both sides come from the same kg through the same arithmetic.
  const rowChanged = reoKg !== line.reoKg || flags !== line.flags;
  return { reoKg, flags, rowChanged, changed: rowChanged || item.rematched };
}

/** The catalogue's flag bits by name, for reporting how many lines gained or lost each. */
export const CATALOGUE_FLAG_NAMES: readonly LineFlagName[] = (Object.keys(LineFlag) as LineFlagName[]).filter(
  (name) => (LineFlag[name] & CATALOGUE_FLAGS) !== 0,
);
