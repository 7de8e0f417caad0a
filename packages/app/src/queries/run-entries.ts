// A run's entries as a read model: parsed once per run (runs are never overwritten, so the
// model never goes stale) and filtered, sorted and paged in memory (1–2k entries nationally).
import type { EnterpriseRole } from '@oresight/core/domain';
import { isEnterpriseRole } from '@oresight/core/domain';
import type { EnterpriseSignals, ListName, Reason } from '@oresight/core/inspect';
import type { InspectionRunMeta, RunEntryRow } from '@oresight/store';

export interface ParsedEntry {
  readonly runId: number;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly roles: readonly EnterpriseRole[];
  readonly group: string | null;
  readonly list: ListName;
  readonly score: number;
  /** The run's signals (formats.md §7 and the engine's documented extras), as the engine stored them. */
  readonly signals: EnterpriseSignals;
  readonly reasons: readonly Reason[];
}

export interface RunRef {
  readonly id: number;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly policyId: string;
  readonly policyVersion: string;
  readonly createdAt: string;
}

export function runRefOf(meta: InspectionRunMeta): RunRef {
  return {
    id: Number(meta.id),
    periodFrom: meta.periodFrom,
    periodTo: meta.periodTo,
    policyId: meta.policyId,
    policyVersion: meta.policyVersion,
    createdAt: meta.createdAt,
  };
}

const LISTS: readonly string[] = ['black', 'grey', 'white', 'unrated'];

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`stored ${what} is not valid JSON`);
  }
}

/** Reads a stored entry; a malformed one is a bug in whoever wrote it, so it throws. */
export function parseEntry(row: RunEntryRow): ParsedEntry {
  if (!LISTS.includes(row.list))
    throw new Error(`run ${row.runId} entry ${row.taxId}: unknown list "${row.list}"`);
  const signals = parseJson(row.signals, `signals of run ${row.runId} entry ${row.taxId}`);
  const reasons = parseJson(row.reasons, `reasons of run ${row.runId} entry ${row.taxId}`);
  if (typeof signals !== 'object' || signals === null || Array.isArray(signals))
    throw new Error(`run ${row.runId} entry ${row.taxId}: signals are not an object`);
  if (!Array.isArray(reasons))
    throw new Error(`run ${row.runId} entry ${row.taxId}: reasons are not an array`);
  return {
    runId: Number(row.runId),
    taxId: row.taxId,
    name: row.name,
    region: row.region,
    roles: row.roles
      .split(/[,;]/)
      .map((r) => r.trim())
      .filter(isEnterpriseRole),
    group: row.groupName,
    list: row.list as ListName,
    score: row.score,
    signals: signals as EnterpriseSignals,
    reasons: reasons as Reason[],
  };
}

/** Black, grey, unrated, white, then no entry: the order of urgency (inspection.md §6). */
export const LIST_ORDER: Readonly<Record<ListName | 'none', number>> = {
  black: 0,
  grey: 1,
  unrated: 2,
  white: 3,
  none: 4,
};

/** A signal as a number, or null when absent or not numeric. */
export function numericSignal(signals: EnterpriseSignals | undefined, name: string): number | null {
  const v: unknown = (signals as Readonly<Record<string, unknown>> | undefined)?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The handful of signals shown in list rows (the dossier has them all). */
export const SUMMARY_SIGNALS = [
  'reoInKg',
  'reoOutKg',
  'unexplainedKg',
  'quotaOverrunKg',
  'purchaseValueGap',
  'saleValueGap',
  'pricedShare',
  'illegalShare',
] as const;
export type SummarySignal = (typeof SUMMARY_SIGNALS)[number];

export function summarySignals(
  signals: EnterpriseSignals | undefined,
): Record<SummarySignal, number | null> | null {
  if (!signals) return null;
  const out = {} as Record<SummarySignal, number | null>;
  for (const name of SUMMARY_SIGNALS) out[name] = numericSignal(signals, name);
  return out;
}
