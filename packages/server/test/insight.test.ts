// The web app's read models (issue 6): list counts by region against the previous run, an
// enterprise's flows with their illegal share, its price ratio against the reference — on both
// databases, with the real fixture imports, hand-computed figures and the regional scoping of
// issue 5 (404 for what lies outside the reader's regions, figures cut to them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@oresight/core/inspect';
import { storeKinds } from './store-access.ts';
import type { ApiWorld, Who } from './api-fixture.ts';
import {
  GANZHOU_MINING,
  HONGJIN,
  JINMENG,
  KENINGDA,
  OFF_BAOTOU,
  OFF_GANZHOU,
  RUIXIN,
  TIANJIAO,
  createApiWorld,
  recordRun,
} from './api-fixture.ts';

/** 冕宁县方兴稀土有限公司 (Liangshan, Sichuan): sells bastnasite concentrate to Jinmeng. */
const FANGXING = '91513400209655411N';

type Counts = { black: number; grey: number; white: number; unrated: number };
interface RegionSummary {
  run: { id: number } | null;
  previous: { id: number } | null;
  level: string;
  regions: {
    code: string | null;
    nameZh: string | null;
    nameEn: string | null;
    enterprises: number;
    counts: Counts;
    previous: Counts | null;
  }[];
  totals: { counts: Counts; previous: Counts | null };
}
interface Party {
  taxId: string;
  name: string;
  visible: boolean;
  registered: boolean;
  region: string | null;
  list: string | null;
  illegalShare: number | null;
  reoKg: number;
  amount: number;
  lines: number;
  illegalKg: number | null;
}
interface Side {
  items: Party[];
  others: { parties: number; reoKg: number; amount: number; lines: number; illegalKg: number | null };
  totalReoKg: number;
  illegalKg: number;
  parties: number;
}
interface Flows {
  taxId: string;
  run: { id: number } | null;
  period: { from: string; to: string } | null;
  list: string | null;
  illegalShare: number | null;
  suppliers: Side;
  customers: Side;
}
interface Bucket {
  lines: number;
  pricedLines: number;
  amount: number;
  referenceValue: number;
  ratio: number | null;
  belowBandShare: number | null;
}
interface PriceRatios {
  priceBand: number;
  priceStalenessDays: number;
  months: { month: string; purchases: Bucket; sales: Bucket }[];
  totals: { purchases: Bucket; sales: Bucket };
  points: { id: number; date: string; side: string; productId: string; ratio: number; reoKg: number }[];
  pointsTotal: number;
}
interface EntryDetail {
  list: string;
  signals: { reoInKg: number; reoOutKg: number; illegalShare: number | null };
}

const YEAR = { from: '2013-01-01', to: '2013-12-31' };
const Q3 = { from: '2013-07-01', to: '2013-09-30' };

describe.each(storeKinds())('insight endpoints on %s', (kind) => {
  let w: ApiWorld;
  let year: number;
  let q3: number;
  const get = (who: Who, url: string) => w.app.inject({ url, headers: { cookie: w.cookie[who] } });
  const json = async <T>(who: Who, url: string): Promise<T> => {
    const res = await get(who, url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const entry = (runId: number, taxId: string) =>
    json<EntryDetail>('admin', `/api/runs/${runId}/entries/${taxId}`);

  beforeAll(async () => {
    w = await createApiWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  describe('before any run', () => {
    it('answers an empty region summary, and 404 for a run that does not exist', async () => {
      const s = await json<RegionSummary>('admin', '/api/insight/regions');
      expect(s).toEqual({
        run: null,
        previous: null,
        level: 'province',
        regions: [],
        totals: { counts: { black: 0, grey: 0, white: 0, unrated: 0 }, previous: null },
      });
      expect((await get('admin', '/api/insight/regions?runId=99')).statusCode).toBe(404);
      // Flows over all dates when there is no run: Jinmeng sold to four customers.
      const f = await json<Flows>('admin', `/api/enterprises/${JINMENG}/flows`);
      expect(f.run).toBeNull();
      expect(f.period).toBeNull();
      expect(f.customers.items.map((p) => p.taxId).sort()).toEqual(
        [HONGJIN, KENINGDA, RUIXIN, TIANJIAO].sort(),
      );
    });
  });

  describe('with two runs', () => {
    beforeAll(async () => {
      q3 = await recordRun(w.t, Q3, DEFAULT_POLICY);
      year = await recordRun(w.t, YEAR, DEFAULT_POLICY);
    });

    it('counts the latest run’s lists by province against the run before it', async () => {
      const s = await json<RegionSummary>('admin', '/api/insight/regions');
      expect(s.run?.id).toBe(year);
      expect(s.previous?.id).toBe(q3);
      const run = await json<{ counts: Counts; enterprises: number }>('admin', `/api/runs/${year}`);
      const before = await json<{ counts: Counts }>('admin', `/api/runs/${q3}`);
      expect(s.totals.counts).toEqual(run.counts);
      expect(s.totals.previous).toEqual(before.counts);
      expect(s.regions.reduce((n, r) => n + r.enterprises, 0)).toBe(run.enterprises);
      // Inner Mongolia: the four registry enterprises and the off-register Baotou seller.
      const im = s.regions.find((r) => r.code === '150000');
      expect(im).toMatchObject({ nameZh: '内蒙古自治区', nameEn: 'Inner Mongolia', enterprises: 5 });
      // Every row agrees with the run's entries filtered by that province and list.
      for (const row of s.regions.filter((r) => r.code !== null)) {
        for (const list of ['black', 'grey', 'white', 'unrated'] as const) {
          const page = await json<{ total: number }>(
            'admin',
            `/api/runs/${year}/entries?region=${row.code}&list=${list}&limit=1`,
          );
          expect(row.counts[list], `${row.code} ${list}`).toBe(page.total);
          const prev = await json<{ total: number }>(
            'admin',
            `/api/runs/${q3}/entries?region=${row.code}&list=${list}&limit=1`,
          );
          expect(row.previous?.[list], `${row.code} ${list} before`).toBe(prev.total);
        }
      }
      // Most black-listed first.
      const blacks = s.regions.map((r) => r.counts.black);
      expect(blacks).toEqual([...blacks].sort((a, b) => b - a));
    });

    it('compares any two runs and groups by prefecture on request', async () => {
      const s = await json<RegionSummary>(
        'admin',
        `/api/insight/regions?runId=${q3}&compareTo=${year}&level=prefecture`,
      );
      expect(s.run?.id).toBe(q3);
      expect(s.previous?.id).toBe(year);
      expect(s.level).toBe('prefecture');
      expect(s.regions.find((r) => r.code === '150200')).toMatchObject({ nameEn: 'Baotou' });
      expect(s.regions.every((r) => r.code === null || r.code.endsWith('00'))).toBe(true);
      // The first run has no run before it.
      const first = await json<RegionSummary>('admin', `/api/insight/regions?runId=${q3}`);
      expect(first.previous).toBeNull();
      expect(first.totals.previous).toBeNull();
      expect((await get('admin', `/api/insight/regions?compareTo=99`)).statusCode).toBe(404);
      expect((await get('admin', '/api/insight/regions?level=county')).statusCode).toBe(400);
    });

    it('cuts the region summary to an inspector’s regions', async () => {
      const im = await json<RegionSummary>('im', '/api/insight/regions');
      expect(im.regions.map((r) => r.code)).toEqual(['150000']);
      const all = await json<RegionSummary>('admin', '/api/insight/regions');
      expect(im.regions[0]).toEqual(all.regions.find((r) => r.code === '150000'));
      expect(im.totals.counts).toEqual(im.regions[0]?.counts);
      const baotou = await json<RegionSummary>('baotou', '/api/insight/regions?level=prefecture');
      expect(baotou.regions.map((r) => r.code)).toEqual(['150200']);
      const jx = await json<RegionSummary>('jx', '/api/insight/regions');
      expect(jx.regions.map((r) => r.code)).toEqual(['360000']);
      expect((await w.app.inject({ url: '/api/insight/regions' })).statusCode).toBe(401);
    });

    it('gives an enterprise’s suppliers and customers with hand-checked volumes', async () => {
      const f = await json<Flows>('admin', `/api/enterprises/${JINMENG}/flows`);
      expect(f.run?.id).toBe(year);
      expect(f.period).toEqual(YEAR);
      // One supplier: 50 t bastnasite concentrate, an REO-basis ore product (50,000 kg REO).
      expect(f.suppliers.items).toHaveLength(1);
      expect(f.suppliers.items[0]).toMatchObject({
        taxId: FANGXING,
        name: '冕宁县方兴稀土有限公司',
        visible: true,
        registered: true,
        reoKg: 50_000,
        amount: 940_171,
        lines: 1,
      });
      // Tianjiao: 6 t PrNd oxide (TREO ≥ 99%: 5,940 kg) partly reversed by a red line of −1 t
      // (−990 kg), 30 t carbonate at REO ≥ 42% (12,600 kg); the processing fee carries no REO;
      // the voided invoice to Ruixin never counts.
      const tianjiao = f.customers.items.find((p) => p.taxId === TIANJIAO);
      expect(tianjiao).toMatchObject({ reoKg: 17_550, lines: 3 });
      expect(tianjiao?.amount).toBeCloseTo(1_512_820.5 - 252_136.75 + 705_128.1, 2);
      // Hongjin bought 1 t of PrNd oxide in October (the cross-region line).
      expect(f.customers.items.find((p) => p.taxId === HONGJIN)).toMatchObject({
        reoKg: 990,
        amount: 300_000,
        lines: 1,
      });
      // The edges add up to the engine's own purchase and sale volumes.
      const e = await entry(year, JINMENG);
      expect(f.suppliers.totalReoKg).toBeCloseTo(e.signals.reoInKg, 3);
      expect(f.customers.totalReoKg).toBeCloseTo(e.signals.reoOutKg, 3);
      expect(f.list).toBe(e.list);
      expect(f.illegalShare).toBe(e.signals.illegalShare);
      // A purchase carries its supplier's illegal share; a sale Jinmeng's own.
      const supplier = await entry(year, FANGXING);
      expect(f.suppliers.items[0]?.illegalShare).toBe(supplier.signals.illegalShare);
      expect(f.suppliers.items[0]?.illegalKg).toBeCloseTo(50_000 * (supplier.signals.illegalShare ?? 0), 3);
      for (const p of f.customers.items)
        expect(p.illegalKg, p.taxId).toBeCloseTo(Math.max(0, p.reoKg) * (e.signals.illegalShare ?? 0), 3);
      // Largest first; a limit sums the rest.
      const volumes = f.customers.items.map((p) => p.reoKg);
      expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
      const one = await json<Flows>('admin', `/api/enterprises/${JINMENG}/flows?limit=1`);
      expect(one.customers.items).toHaveLength(1);
      expect(one.customers.others.parties).toBe(f.customers.parties - 1);
      expect(one.customers.others.reoKg + (one.customers.items[0]?.reoKg ?? 0)).toBeCloseTo(
        f.customers.totalReoKg,
        3,
      );
      expect(one.customers.others.lines + (one.customers.items[0]?.lines ?? 0)).toBe(
        f.customers.items.reduce((n, p) => n + p.lines, 0),
      );
    });

    it('uses the period of the run asked for', async () => {
      const f = await json<Flows>('admin', `/api/enterprises/${JINMENG}/flows?runId=${q3}`);
      expect(f.period).toEqual(Q3);
      // The October sale to Hongjin lies outside the third quarter.
      expect(f.customers.items.map((p) => p.taxId)).not.toContain(HONGJIN);
      const e = await entry(q3, JINMENG);
      expect(f.customers.totalReoKg).toBeCloseTo(e.signals.reoOutKg, 3);
      expect((await get('admin', `/api/enterprises/${JINMENG}/flows?runId=99`)).statusCode).toBe(404);
    });

    it('shows a counterparty outside the reader’s regions by its volume only, and hides the rest', async () => {
      const f = await json<Flows>('im', `/api/enterprises/${JINMENG}/flows`);
      const hongjin = f.customers.items.find((p) => p.taxId === HONGJIN);
      expect(hongjin).toMatchObject({
        visible: false,
        region: null,
        list: null,
        illegalShare: null,
        reoKg: 990,
      });
      expect(f.suppliers.items[0]).toMatchObject({
        taxId: FANGXING,
        visible: false,
        illegalShare: null,
        illegalKg: null,
      });
      expect(f.customers.items.find((p) => p.taxId === TIANJIAO)).toMatchObject({
        visible: true,
        region: '150200',
      });
      // Outside the regions, or unknown: 404 alike.
      for (const taxId of [HONGJIN, GANZHOU_MINING, OFF_GANZHOU, '911502000000000000']) {
        expect((await get('im', `/api/enterprises/${taxId}/flows`)).statusCode, taxId).toBe(404);
        expect((await get('im', `/api/enterprises/${taxId}/price-ratios`)).statusCode, taxId).toBe(404);
      }
      expect((await get('jx', `/api/enterprises/${JINMENG}/flows`)).statusCode).toBe(404);
      expect((await get('jx', `/api/enterprises/${HONGJIN}/flows`)).statusCode).toBe(200);
      expect((await get('admin', `/api/enterprises/not-a-tax-id/flows`)).statusCode).toBe(400);
    });

    it('gives the price ratio per month and per line against the quote-based reference', async () => {
      // The off-register Baotou seller: 0.5 t PrNd oxide at 200 CNY/kg against a reference of
      // 351,000 CNY/t VAT-included at 17% = 300 CNY/kg: ratio 2/3, below the 20% band.
      const off = await json<PriceRatios>('admin', `/api/enterprises/${OFF_BAOTOU}/price-ratios`);
      expect(off.priceBand).toBe(0.2);
      expect(off.priceStalenessDays).toBe(14);
      expect(off.months).toEqual([
        {
          month: '2013-10',
          purchases: {
            lines: 0,
            pricedLines: 0,
            amount: 0,
            referenceValue: 0,
            ratio: null,
            belowBandShare: null,
          },
          sales: {
            lines: 1,
            pricedLines: 1,
            amount: 100_000,
            referenceValue: 150_000,
            ratio: 0.666667,
            belowBandShare: 1,
          },
        },
      ]);
      expect(off.points).toEqual([
        expect.objectContaining({
          date: '2013-10-08',
          side: 'sale',
          productId: 'oxide-prnd',
          ratio: 0.666667,
          reoKg: 495,
        }),
      ]);
      // The line API agrees on that line's ratio.
      const line = await json<{ priceRatio: number }>('admin', `/api/lines/${off.points[0]?.id}`);
      expect(line.priceRatio).toBeCloseTo(2 / 3, 6);
      // Ganzhou's off-register seller: 100 kg Dy oxide at 2,000 CNY/kg, exactly the reference.
      const ganzhou = await json<PriceRatios>('jx', `/api/enterprises/${OFF_GANZHOU}/price-ratios`);
      expect(ganzhou.totals.sales).toEqual({
        lines: 1,
        pricedLines: 1,
        amount: 200_000,
        referenceValue: 200_000,
        ratio: 1,
        belowBandShare: 0,
      });
    });

    it('weighs months by reference value, counting unpriced lines without a ratio', async () => {
      const s = await json<PriceRatios>('admin', `/api/enterprises/${KENINGDA}/price-ratios`);
      // The magnet maker bought 21 material lines, 2 of them within 14 days of a quote:
      // June, 2 t PrNd oxide for 461,538.46 against 272,500 CNY/t VAT-included ÷ 1.17 × 2 t
      // = 465,811.97 (the 1.5 t of Nd oxide beside it has no quote); October, 100 kg Dy oxide
      // at exactly the reference.
      const june = s.months.find((m) => m.month === '2013-06');
      expect(june?.purchases).toEqual({
        lines: 2,
        pricedLines: 1,
        amount: 461_538.46,
        referenceValue: 465_811.97,
        ratio: 0.990826,
        belowBandShare: 0,
      });
      expect(s.months.find((m) => m.month === '2013-10')?.purchases).toMatchObject({
        lines: 1,
        pricedLines: 1,
        ratio: 1,
      });
      expect(s.months.find((m) => m.month === '2013-09')?.purchases).toMatchObject({
        lines: 12,
        pricedLines: 0,
        ratio: null,
      });
      expect(s.totals.purchases).toEqual({
        lines: 21,
        pricedLines: 2,
        amount: 661_538.46,
        referenceValue: 665_811.97,
        ratio: 0.993582,
        belowBandShare: 0,
      });
      expect(s.totals.sales.lines).toBe(0);
      expect(s.months.map((m) => m.month)).toEqual(['2013-06', '2013-07', '2013-08', '2013-09', '2013-10']);
      expect(s.points.map((p) => [p.date, p.side, p.productId])).toEqual([
        ['2013-06-05', 'purchase', 'oxide-prnd'],
        ['2013-10-08', 'purchase', 'oxide-dy'],
      ]);
      expect(s.pointsTotal).toBe(2);
      // Points are cut to the largest by REO kg (2 t of PrNd oxide over 100 kg of Dy oxide).
      const one = await json<PriceRatios>('admin', `/api/enterprises/${KENINGDA}/price-ratios?maxPoints=1`);
      expect(one.points.map((p) => p.productId)).toEqual(['oxide-prnd']);
      expect(one.pointsTotal).toBe(2);
    });
  });
});
