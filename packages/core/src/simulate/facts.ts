// The facts the simulator is calibrated on. Figures marked (domain.md) are the fact base's; the
// rest are plausible defaults for years and splits the fact base does not give, marked unverified
// in docs/simulation.md. All tonnages are t REO.

export const FIRST_YEAR = 2011;
export const LAST_YEAR = 2025;

export interface NationalQuota {
  readonly mining: number;
  readonly rock: number;
  readonly ionic: number;
  readonly separation: number;
  /** True when every figure of the row is in domain.md §6. */
  readonly fromDomain: boolean;
}

/** National quotas by year (domain.md §6 where given; other years interpolated, unverified). */
export const NATIONAL_QUOTAS: Readonly<Record<number, NationalQuota>> = {
  2011: { mining: 93_800, rock: 80_400, ionic: 13_400, separation: 90_400, fromDomain: true },
  2012: { mining: 93_800, rock: 72_500, ionic: 21_300, separation: 90_400, fromDomain: true },
  2013: { mining: 93_800, rock: 75_900, ionic: 17_900, separation: 90_400, fromDomain: true },
  2014: { mining: 105_000, rock: 87_100, ionic: 17_900, separation: 100_000, fromDomain: true },
  2015: { mining: 105_000, rock: 87_100, ionic: 17_900, separation: 100_000, fromDomain: false },
  2016: { mining: 105_000, rock: 87_100, ionic: 17_900, separation: 100_000, fromDomain: false },
  2017: { mining: 105_000, rock: 87_100, ionic: 17_900, separation: 100_000, fromDomain: false },
  2018: { mining: 120_000, rock: 100_850, ionic: 19_150, separation: 115_000, fromDomain: false },
  2019: { mining: 132_000, rock: 112_850, ionic: 19_150, separation: 127_000, fromDomain: false },
  2020: { mining: 140_000, rock: 120_850, ionic: 19_150, separation: 135_000, fromDomain: false },
  2021: { mining: 168_000, rock: 148_850, ionic: 19_150, separation: 162_000, fromDomain: false },
  2022: { mining: 210_000, rock: 191_850, ionic: 19_150, separation: 202_000, fromDomain: false },
  2023: { mining: 255_000, rock: 235_850, ionic: 19_150, separation: 243_850, fromDomain: true },
  2024: { mining: 270_000, rock: 250_850, ionic: 19_150, separation: 254_000, fromDomain: false },
  2025: { mining: 270_000, rock: 250_850, ionic: 19_150, separation: 254_000, fromDomain: false },
};

export function nationalQuota(year: number): NationalQuota {
  const q = NATIONAL_QUOTAS[year];
  if (!q) throw new Error(`no quota facts for ${year}`);
  return q;
}

/**
 * Rock-type quota by place (2013 shares, unverified split of the 75,900 t): Bayan Obo (Baotou,
 * Northern) 59,500; Sichuan (Liangshan: Mianning, Dechang) 13,400; Shandong (Jining: Weishan) 3,000.
 */
export const ROCK_QUOTA_SHARES = [
  { prefecture: '150200', ore: 'baiyunebo', share: 59_500 / 75_900 },
  { prefecture: '513400', ore: 'bastnasite', share: 13_400 / 75_900 },
  { prefecture: '370800', ore: 'bastnasite', share: 3_000 / 75_900 },
] as const;

/**
 * Ionic quota by province (2013 split of the 17,900 t, unverified): Jiangxi 8,500, Guangxi 2,500,
 * Guangdong 2,200, Fujian 2,000, Hunan 2,000, Yunnan 700.
 */
export const IONIC_QUOTA_SHARES: readonly { readonly province: string; readonly share: number }[] = [
  { province: '360000', share: 8_500 / 17_900 },
  { province: '450000', share: 2_500 / 17_900 },
  { province: '440000', share: 2_200 / 17_900 },
  { province: '350000', share: 2_000 / 17_900 },
  { province: '430000', share: 2_000 / 17_900 },
  { province: '530000', share: 700 / 17_900 },
];

/** Price indexes the simulator quotes; every catalogue product's quote is derived from them. */
export const PRICE_INDEXES = [
  'PRND',
  'ND',
  'PR',
  'DY',
  'TB',
  'LA',
  'CE',
  'EU',
  'Y',
  'SM',
  'GD',
  'HO',
  'ER',
] as const;
export type PriceIndex = (typeof PRICE_INDEXES)[number];

/**
 * 2013 anchor path, VAT-inclusive, CNY/t (DY, TB, EU in CNY/kg), as (month, day, value).
 * domain.md §7: PrNd oxide 270k (Jun) → 370k (Aug); Nd metal 335k → 445k (so Nd oxide ≈ 290k →
 * 385k, passing 320k in July); Dy 1,350 → 2,600 /kg; Tb 2,600 → 4,400 /kg; La 28–35k; Ce 28–40k;
 * Eu 5,000 /kg. The rest of the year is shaped after the 2013 market: a slide into June, the
 * campaign-driven spike in August (+37–93% in two months: the seed's "nearly 50%"), an easing
 * into December. Y, Sm, Gd, Ho, Er levels are unverified.
 */
export const ANCHORS_2013: Readonly<Record<PriceIndex, readonly (readonly [number, number, number])[]>> = {
  PRND: [
    [1, 2, 355_000],
    [2, 20, 345_000],
    [4, 15, 310_000],
    [6, 10, 276_000],
    [6, 28, 270_000],
    [7, 20, 300_000],
    [8, 10, 350_000],
    [8, 21, 370_000],
    [9, 10, 345_000],
    [10, 15, 315_000],
    [11, 20, 295_000],
    [12, 31, 285_000],
  ],
  ND: [
    [1, 2, 375_000],
    [4, 15, 330_000],
    [6, 28, 290_000],
    [7, 18, 320_000],
    [8, 21, 385_000],
    [10, 15, 330_000],
    [12, 31, 305_000],
  ],
  PR: [
    [1, 2, 470_000],
    [4, 15, 420_000],
    [6, 28, 365_000],
    [8, 21, 480_000],
    [10, 15, 425_000],
    [12, 31, 390_000],
  ],
  DY: [
    [1, 2, 1_650],
    [4, 15, 1_500],
    [6, 25, 1_350],
    [7, 20, 1_700],
    [8, 20, 2_600],
    [9, 15, 2_200],
    [10, 20, 1_800],
    [12, 31, 1_480],
  ],
  TB: [
    [1, 2, 3_400],
    [4, 15, 3_000],
    [6, 25, 2_600],
    [7, 20, 3_200],
    [8, 20, 4_400],
    [9, 20, 3_800],
    [10, 20, 3_400],
    [12, 31, 3_150],
  ],
  LA: [
    [1, 2, 33_000],
    [6, 25, 28_000],
    [8, 20, 35_000],
    [12, 31, 28_500],
  ],
  CE: [
    [1, 2, 35_000],
    [6, 25, 28_000],
    [8, 20, 40_000],
    [12, 31, 30_000],
  ],
  EU: [
    [1, 2, 5_600],
    [6, 25, 5_000],
    [8, 20, 5_300],
    [12, 31, 4_400],
  ],
  Y: [
    [1, 2, 95_000],
    [6, 25, 75_000],
    [8, 20, 105_000],
    [12, 31, 78_000],
  ],
  SM: [
    [1, 2, 24_000],
    [6, 25, 19_000],
    [8, 20, 23_000],
    [12, 31, 20_000],
  ],
  GD: [
    [1, 2, 175_000],
    [6, 25, 140_000],
    [8, 20, 190_000],
    [12, 31, 150_000],
  ],
  HO: [
    [1, 2, 420_000],
    [6, 25, 330_000],
    [8, 20, 450_000],
    [12, 31, 350_000],
  ],
  ER: [
    [1, 2, 290_000],
    [6, 25, 250_000],
    [8, 20, 300_000],
    [12, 31, 260_000],
  ],
};

/**
 * Yearly average level of each index relative to 2013 (unverified, shaped after domain.md §7:
 * PrNd ~1,100k in Feb 2022 and ~473k in Dec 2023; Dy ~3,150 (2022), ~2,700 (Dec 2023); Tb ~15,200
 * (2022), ~8,050 (Dec 2023); the 2011 bubble and its collapse).
 */
const YEAR_LEVEL: Readonly<
  Record<'PRND' | 'DY' | 'TB' | 'LA' | 'EU' | 'Y', Readonly<Record<number, number>>>
> = {
  PRND: {
    2010: 0.7,
    2011: 2.3,
    2012: 1.35,
    2013: 1,
    2014: 0.97,
    2015: 0.84,
    2016: 0.87,
    2017: 1.07,
    2018: 1.03,
    2019: 0.95,
    2020: 1.07,
    2021: 2.0,
    2022: 2.85,
    2023: 1.8,
    2024: 1.3,
    2025: 1.55,
    2026: 1.55,
  },
  DY: {
    2010: 1.0,
    2011: 4.6,
    2012: 2.0,
    2013: 1,
    2014: 0.86,
    2015: 0.77,
    2016: 0.69,
    2017: 0.71,
    2018: 0.69,
    2019: 0.97,
    2020: 1.06,
    2021: 1.6,
    2022: 1.55,
    2023: 1.45,
    2024: 1.25,
    2025: 0.95,
    2026: 0.95,
  },
  TB: {
    2010: 1.0,
    2011: 3.6,
    2012: 1.8,
    2013: 1,
    2014: 0.91,
    2015: 0.88,
    2016: 0.85,
    2017: 0.88,
    2018: 0.88,
    2019: 1.12,
    2020: 1.67,
    2021: 3.2,
    2022: 4.25,
    2023: 2.9,
    2024: 2.0,
    2025: 2.1,
    2026: 2.1,
  },
  LA: {
    2010: 1.3,
    2011: 3.5,
    2012: 1.9,
    2013: 1,
    2014: 0.58,
    2015: 0.45,
    2016: 0.39,
    2017: 0.42,
    2018: 0.42,
    2019: 0.39,
    2020: 0.32,
    2021: 0.29,
    2022: 0.29,
    2023: 0.18,
    2024: 0.13,
    2025: 0.13,
    2026: 0.13,
  },
  EU: {
    2010: 1.0,
    2011: 3.0,
    2012: 1.8,
    2013: 1,
    2014: 0.6,
    2015: 0.2,
    2016: 0.09,
    2017: 0.08,
    2018: 0.07,
    2019: 0.06,
    2020: 0.046,
    2021: 0.04,
    2022: 0.04,
    2023: 0.04,
    2024: 0.037,
    2025: 0.036,
    2026: 0.036,
  },
  Y: {
    2010: 1.0,
    2011: 2.9,
    2012: 1.75,
    2013: 1,
    2014: 0.53,
    2015: 0.35,
    2016: 0.29,
    2017: 0.28,
    2018: 0.27,
    2019: 0.24,
    2020: 0.21,
    2021: 0.47,
    2022: 0.59,
    2023: 0.53,
    2024: 0.49,
    2025: 0.53,
    2026: 0.53,
  },
};

/** Which yearly level table drives each index. */
const LEVEL_FAMILY: Readonly<Record<PriceIndex, keyof typeof YEAR_LEVEL>> = {
  PRND: 'PRND',
  ND: 'PRND',
  PR: 'PRND',
  GD: 'PRND',
  DY: 'DY',
  HO: 'DY',
  ER: 'DY',
  TB: 'TB',
  LA: 'LA',
  CE: 'LA',
  SM: 'LA',
  EU: 'EU',
  Y: 'Y',
};

/** Level of an index in a year relative to its 2013 level (1 in 2013). */
export function yearLevel(index: PriceIndex, year: number): number {
  const table = YEAR_LEVEL[LEVEL_FAMILY[index]];
  return table[year] ?? table[2013] ?? 1;
}

/** Chinese New Year's day by year: the Spring Festival holiday runs from its eve for a week. */
export const LUNAR_NEW_YEAR: Readonly<Record<number, string>> = {
  2010: '2010-02-14',
  2011: '2011-02-03',
  2012: '2012-01-23',
  2013: '2013-02-10',
  2014: '2014-01-31',
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
};

/**
 * Share of a seller's special invoices issued as fully digital e-invoices (数电票) on a date.
 * The pilot began 2021-12-01 in Guangdong, Shanghai and Inner Mongolia and spread nationally in
 * 2022–2024 (domain.md §3 for the number format; adoption shares are unverified).
 */
export function eInvoiceShare(date: string, provinceCode: string): number {
  if (date < '2021-12-01') return 0;
  const pilot = provinceCode === '440000' || provinceCode === '310000' || provinceCode === '150000';
  if (date < '2023-01-01') return pilot ? (date < '2022-07-01' ? 0.3 : 0.6) : date < '2022-07-01' ? 0 : 0.15;
  if (date < '2024-01-01') return pilot ? 0.9 : 0.6;
  return 0.97;
}

/**
 * Group id a member is reported under in a year (domain.md §1): since 2021-12-23 Chinalco,
 * Minmetals and Ganzhou (Southern) form China Rare Earth Group; since 2024 Xiamen Tungsten and
 * Guangdong quotas also sit under it.
 */
export function groupOfYear(baseGroup: string, year: number): string {
  if (year >= 2022 && (baseGroup === 'chinalco' || baseGroup === 'minmetals' || baseGroup === 'southern'))
    return 'china-rare-earth';
  if (year >= 2024 && (baseGroup === 'xiamen-tungsten' || baseGroup === 'guangdong'))
    return 'china-rare-earth';
  return baseGroup;
}
