// Calendar dates are China Standard Time calendar days, written `YYYY-MM-DD` at every boundary
// and as integer day numbers (days since 1970-01-01) inside analyses (architecture.md §4).

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when the string is a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(text: string): boolean {
  return dayNumberOf(text) !== undefined;
}

/**
 * Day number (days since 1970-01-01) of a calendar date, or undefined when it is not a real date.
 * @example dayNumberOf('1970-01-02') // 1
 */
export function dayNumberOf(date: IsoDate): number | undefined {
  const hit = memo.get(date);
  if (hit !== undefined) return Number.isNaN(hit) ? undefined : hit;
  const m = ISO_DATE.exec(date);
  const n = m ? dayNumberFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(date, n ?? Number.NaN);
  return n;
}

// An import asks for the same few hundred dates millions of times, and each answer costs a regex
// and two Date objects (0.5 s per 1M lines in the parse worker's profile). NaN marks "not a date".
const memo = new Map<string, number>();
const MEMO_MAX = 1 << 14;

/** Day number from year, month (1–12), day; undefined when the date does not exist. */
export function dayNumberFromParts(year: number, month: number, day: number): number | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return ms / MS_PER_DAY;
}

/** Like dayNumberOf, for dates known to be valid; throws on a malformed date (a bug). */
export function dayNumberOrThrow(date: IsoDate): number {
  const n = dayNumberOf(date);
  if (n === undefined) throw new Error(`not a calendar date: ${JSON.stringify(date)}`);
  return n;
}

/**
 * Calendar date of a day number.
 * @example isoDateOf(15932) // '2013-08-15'
 */
export function isoDateOf(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Number of days from `from` to `to`, both included. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return dayNumberOrThrow(to) - dayNumberOrThrow(from) + 1;
}

/** Days in a calendar year (365 or 366). */
export function daysInYear(year: number): number {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365;
}

/** Adds days to a calendar date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOf(dayNumberOrThrow(date) + days);
}
