// Invoice numbers. Legacy special VAT invoices: a 10-digit code (4 region, 2 year, 1 printing
// batch, 1 kind, 1 copies, 1 version) and an 8-digit number from the range the tax bureau sold the
// seller (numbers rise with time; sellers sharing a code get disjoint ranges); from 2021 some
// sellers use electronic special invoices with 12-digit codes. Fully digital e-invoices (数电票):
// 20 digits = 2 year, 2 province, 1 channel, 15 sequence (domain.md §3), the sequence shared by
// every issuer of the province, so one seller's numbers rise with gaps.
import { hash32 } from './prng.ts';
import { invoiceRegion4 } from './places.data.ts';
import type { SimEnterprise } from './model.ts';

export interface SellerNumbering {
  /** 10- or 12-digit code. */
  readonly code: string;
  /** First 8-digit number of the seller's range. */
  readonly start: number;
  readonly electronic: boolean;
}

export interface Numbering {
  readonly sellers: readonly (SellerNumbering | null)[];
  /** Start of each province's 15-digit e-invoice sequence, by 2-digit province code. */
  readonly eStart: ReadonlyMap<string, number>;
}

function electronicShare(year: number): number {
  if (year < 2021) return 0;
  if (year === 2021) return 0.3;
  if (year === 2022) return 0.5;
  return 0.7;
}

/** Codes and number ranges for every seller with legacy invoices in the year. */
export function createNumbering(
  seed: number,
  year: number,
  ents: readonly SimEnterprise[],
  legacyBySeller: Int32Array,
): Numbering {
  const yy = String(year % 100).padStart(2, '0');
  const byCode = new Map<string, number[]>();
  const codes: (string | null)[] = ents.map(() => null);
  const electronic: boolean[] = ents.map(() => false);
  for (const e of ents) {
    if ((legacyBySeller[e.index] ?? 0) === 0) continue;
    const h = hash32(seed ^ 0xc0de, e.index);
    const region4 = invoiceRegion4(e.county);
    const batch = 1 + (h % 4);
    const isElectronic = (h >>> 8) / 16777216 < electronicShare(year);
    const code = isElectronic
      ? `0${region4}${yy}00${batch}13`
      : `${region4}${yy}${batch}1${(h >>> 4) % 2 === 0 ? 3 : 6}0`;
    codes[e.index] = code;
    electronic[e.index] = isElectronic;
    const list = byCode.get(code) ?? [];
    list.push(e.index);
    byCode.set(code, list);
  }
  const starts = new Map<number, number>();
  for (const [code, sellers] of byCode) {
    let cursor = 100_000 + (hash32(seed, code.length, Number(code.slice(-6))) % 3_000_000);
    for (const i of sellers) {
      const gap = hash32(seed ^ 0x9a9, i) % 2500;
      const start = cursor + 1 + gap;
      starts.set(i, start);
      cursor = start + (legacyBySeller[i] ?? 0);
    }
    if (cursor > 99_999_999) throw new Error(`invoice numbers of code ${code} overflow 8 digits`);
  }
  const eStart = new Map<string, number>();
  for (const e of ents) {
    const p = e.province.slice(0, 2);
    if (!eStart.has(p)) eStart.set(p, 1_000_000 + (hash32(seed ^ 0xe5, Number(p), year) % 900_000_000));
  }
  return {
    sellers: ents.map((e) => {
      const code = codes[e.index];
      return code === null || code === undefined
        ? null
        : { code, start: starts.get(e.index) ?? 1, electronic: electronic[e.index] ?? false };
    }),
    eStart,
  };
}
