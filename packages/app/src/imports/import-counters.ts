// What one import counts and keeps while it runs: rows read, accepted, rejected, duplicate,
// warnings by flag, and the bad rows (every one counted; kept up to a cap for the report).
import { LineFlag } from '@oresight/core/domain';
import type { ParseOutput, RowIssue } from '@oresight/core/ingest';
import type { NewReject } from '@oresight/store';

/** Bad rows kept in memory for the report of a refused file; every one is counted. */
export const MAX_ISSUES_KEPT = 100_000;

export interface Counters {
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  updated: number;
  encoding: string | null;
  issues: RowIssue[];
  fatal: RowIssue | null;
  flagCounts: Record<string, number>;
}

export function newCounters(): Counters {
  return {
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    duplicate: 0,
    updated: 0,
    encoding: null,
    issues: [],
    fatal: null,
    flagCounts: {},
  };
}

const FLAG_NAMES = Object.entries(LineFlag) as [string, number][];

/** Counts a stored line's warning flags by name. */
export function countFlags(counters: Counters, flags: number): void {
  if (flags === 0) return;
  for (const [name, bit] of FLAG_NAMES)
    if (flags & bit) counters.flagCounts[name] = (counters.flagCounts[name] ?? 0) + 1;
}

/** Collects the issues of a parse step. */
export function absorbIssues<R>(
  counters: Counters,
  out: Pick<ParseOutput<R>, 'issues' | 'fatal' | 'rowsRead'>,
): void {
  counters.rowsRead += out.rowsRead;
  if (out.fatal && !counters.fatal) counters.fatal = out.fatal;
  counters.rejected += out.issues.length;
  for (const issue of out.issues) if (counters.issues.length < MAX_ISSUES_KEPT) counters.issues.push(issue);
}

export function toReject(batchId: number, issue: RowIssue): NewReject {
  return {
    batchId,
    source: issue.source,
    rowNo: issue.row,
    columnName: issue.column,
    value: issue.value,
    code: issue.code,
    messageZh: issue.zh,
    messageEn: issue.en,
  };
}
