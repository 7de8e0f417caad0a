import type { IsoDate } from './dates.ts';

/**
 * General VAT rate on goods in China by date (domain.md §3): 17% until 2018-04-30, 16% from
 * 2018-05-01 (Caishui 2018 No. 32), 13% from 2019-04-01 (MOF/STA/GAC 2019 No. 39).
 */
export const VAT_SCHEDULE: readonly { readonly from: IsoDate; readonly rate: number }[] = [
  { from: '1994-01-01', rate: 0.17 },
  { from: '2018-05-01', rate: 0.16 },
  { from: '2019-04-01', rate: 0.13 },
];

/**
 * The VAT rate on goods in force on a date (ISO dates compare as strings).
 * @example vatRateOn('2018-04-30') // 0.17
 */
export function vatRateOn(date: IsoDate): number {
  let rate = VAT_SCHEDULE[0]?.rate ?? 0.17;
  for (const step of VAT_SCHEDULE) if (date >= step.from) rate = step.rate;
  return rate;
}

/** True when `rate` is the goods rate in force on `date` (to 4 decimal places). */
export function isVatRateInForce(rate: number, date: IsoDate): boolean {
  return Math.abs(rate - vatRateOn(date)) < 5e-5;
}
