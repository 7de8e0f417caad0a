// `oresight explain <taxId>`: an enterprise's signals, reasons and the evidence lines behind them.
import type { EnterpriseResult } from '@oresight/core/inspect';
import type { InspectionRunMeta, InvoiceLineRow, Store } from '@oresight/store';
import { getLatestRun, getLinesByKeys, getRunMeta } from '@oresight/store';
import { getRunResult } from './run-inspection.ts';

export interface Explanation {
  readonly run: InspectionRunMeta;
  readonly entry: EnterpriseResult;
  /** Evidence lines by their `invoiceKey/lineNo`. */
  readonly lines: ReadonlyMap<string, InvoiceLineRow>;
}

/** Splits `invoiceKey/lineNo` (the key itself may contain `/`: split at the last one). */
export function parseEvidenceRef(ref: string): { invoiceKey: string; lineNo: number } | undefined {
  const i = ref.lastIndexOf('/');
  const lineNo = Number(ref.slice(i + 1));
  return i > 0 && Number.isInteger(lineNo) ? { invoiceKey: ref.slice(0, i), lineNo } : undefined;
}

/**
 * The enterprise's entry in a run (default: the latest finished run) with its evidence lines.
 * Undefined when there is no such run or the enterprise is not in it.
 */
export async function explainEnterprise(
  store: Store,
  taxId: string,
  runId?: number,
): Promise<Explanation | undefined> {
  const run = runId !== undefined ? await getRunMeta(store.db, runId) : await getLatestRun(store.db);
  if (!run || run.status !== 'done') return undefined;
  const result = await getRunResult(store, run.id);
  const entry = result?.enterprises.find((e) => e.taxId === taxId);
  if (!entry) return undefined;
  const refs = [...new Set(entry.reasons.flatMap((r) => r.evidence))]
    .map(parseEvidenceRef)
    .filter((r): r is { invoiceKey: string; lineNo: number } => r !== undefined);
  const rows = await getLinesByKeys(store.db, refs);
  return { run, entry, lines: new Map(rows.map((r) => [`${r.invoiceKey}/${r.lineNo}`, r])) };
}
