// The business calendar of a simulated year: which days invoices are issued on (and how many),
// which days prices are quoted. Chinese public holidays: New Year (1–3 Jan), Spring Festival (eve
// + 6 days), Labour Day (1–3 May), National Day (1–7 Oct). Invoicing slows at weekends and nearly
// stops on holidays; month ends are busier (sellers invoice before the VAT filing).
import { dayNumberOrThrow, daysInYear, isoDateOf } from '../domain/dates.ts';
import { LUNAR_NEW_YEAR } from './facts.ts';

export interface YearCalendar {
  readonly year: number;
  /** Day number of 1 January. */
  readonly firstDay: number;
  readonly days: number;
  /** Cumulative invoicing intensity: cum[d] = Σ intensity of days 0..d-1 (length days + 1). */
  readonly cum: Float64Array;
  /** ISO date of each day offset (cached strings for the hot path). */
  readonly iso: readonly string[];
  /** True for quote days (working days). */
  readonly workday: Uint8Array;
}

function holidayOffsets(year: number, firstDay: number): Set<number> {
  const set = new Set<number>();
  const add = (iso: string, len: number, from = 0): void => {
    const d = dayNumberOrThrow(iso) - firstDay;
    for (let i = from; i < from + len; i++) set.add(d + i);
  };
  add(`${year}-01-01`, 3);
  add(`${year}-05-01`, 3);
  add(`${year}-10-01`, 7);
  const cny = LUNAR_NEW_YEAR[year];
  if (cny) add(cny, 7, -1);
  return set;
}

/** The calendar of a year (offsets 0..days-1). */
export function createYearCalendar(year: number): YearCalendar {
  const firstDay = dayNumberOrThrow(`${year}-01-01`);
  const days = daysInYear(year);
  const holidays = holidayOffsets(year, firstDay);
  const cum = new Float64Array(days + 1);
  const workday = new Uint8Array(days);
  const iso: string[] = [];
  for (let d = 0; d < days; d++) {
    const date = isoDateOf(firstDay + d);
    iso.push(date);
    const weekday = (firstDay + d + 4) % 7; // 1970-01-01 was a Thursday: 0 = Sunday
    let w = 1;
    if (holidays.has(d)) w = 0.04;
    else if (weekday === 6) w = 0.3;
    else if (weekday === 0) w = 0.2;
    const dayOfMonth = Number(date.slice(8, 10));
    const nextMonth = isoDateOf(firstDay + d + 3).slice(5, 7) !== date.slice(5, 7);
    if (nextMonth && w === 1) w = 1.35;
    if (dayOfMonth === 1 && w === 1) w = 0.8;
    workday[d] = !holidays.has(d) && weekday !== 0 && weekday !== 6 ? 1 : 0;
    cum[d + 1] = (cum[d] ?? 0) + w;
  }
  return { year, firstDay, days, cum, iso, workday };
}

/**
 * The day offset of the k-th of n invoices spread over [start, end] by invoicing intensity;
 * `u` in [0, 1) places it within its slot. Non-decreasing in k for fixed n.
 */
export function invoiceDay(
  cal: YearCalendar,
  start: number,
  end: number,
  k: number,
  n: number,
  u: number,
): number {
  const cum = cal.cum;
  const lo = cum[start] ?? 0;
  const hi = cum[end + 1] ?? lo;
  const x = lo + ((k + u) / n) * (hi - lo);
  // Largest d in [start, end] with cum[d] <= x.
  let a = start;
  let b = end;
  while (a < b) {
    const m = (a + b + 1) >>> 1;
    if ((cum[m] ?? 0) <= x) a = m;
    else b = m - 1;
  }
  return a;
}
