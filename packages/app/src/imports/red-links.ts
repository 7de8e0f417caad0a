// Red-letter (credit) lines must name an original that exists and never exceed it (domain.md §3).
// Checked after a batch's lines are written, inside its transaction, so that originals in the same
// batch count, and re-checked for stored red lines whose original arrives in a later batch.
import { sql } from 'kysely';
import { LineFlag } from '@oresight/core/domain';
import type { StoreTransaction } from '@oresight/store';
import { getBlueInvoiceTotals, getRedLinesFor, upsertRedLinks } from '@oresight/store';

/** Tolerance for sums of reds against the original: one fen, and a gram. */
const FEN_TOLERANCE = 1;
const KG_TOLERANCE = 0.001;

/**
 * Recomputes the linkage flags of every red line that names one of `originalKeys`, plus the red
 * lines already stored whose originals this batch brought. Returns the number of red lines
 * flagged, by flag.
 */
export async function updateRedLinks(
  tx: StoreTransaction,
  batchId: number,
  originalKeys: ReadonlySet<string>,
): Promise<{ withoutOriginal: number; exceeding: number }> {
  // Stored red invoices whose originals this batch brought (driven from the few red invoices).
  const late = await sql<{ k: string }>`
    select distinct r.original_invoice_key as k from invoices r
    join invoices b on b.invoice_key = r.original_invoice_key
    where r.original_invoice_key is not null and b.batch_id = ${batchId}`.execute(tx.db);
  const keys = [...new Set([...originalKeys, ...late.rows.map((r) => r.k)])].sort();
  if (keys.length === 0) return { withoutOriginal: 0, exceeding: 0 };
  const blue = await getBlueInvoiceTotals(tx.db, keys);
  const reds = (await getRedLinesFor(tx.db, keys)).filter((r) => r.amountFen < 0 || r.kg < 0);
  const sums = new Map<string, { amount: number; kg: number }>();
  for (const r of reds) {
    const s = sums.get(r.originalInvoiceKey) ?? { amount: 0, kg: 0 };
    s.amount += Math.abs(r.amountFen);
    s.kg += Math.abs(r.kg);
    sums.set(r.originalInvoiceKey, s);
  }
  let withoutOriginal = 0;
  let exceeding = 0;
  const links = reds.map((r) => {
    const original = blue.get(r.originalInvoiceKey);
    const sum = sums.get(r.originalInvoiceKey) ?? { amount: 0, kg: 0 };
    let flags = 0;
    if (!original) {
      flags = LineFlag.RED_WITHOUT_ORIGINAL;
      withoutOriginal++;
    } else if (
      sum.amount > original.blueAmountFen + FEN_TOLERANCE ||
      sum.kg > original.blueKg + KG_TOLERANCE
    ) {
      flags = LineFlag.RED_EXCEEDS_ORIGINAL;
      exceeding++;
    }
    return { lineId: r.id, flags };
  });
  await upsertRedLinks(tx.db, links);
  return { withoutOriginal, exceeding };
}
