// The read endpoints' figures, filters, sorting and paging against hand-computed expectations
// over the fixture files (fixtures/README.md), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from './store-access.ts';
import type { ApiWorld } from './api-fixture.ts';
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
} from './api-fixture.ts';

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

describe.each(storeKinds())('read endpoints on %s', (kind) => {
  let w: ApiWorld;
  const get = (url: string, who: 'admin' | 'im' | 'viewer' = 'viewer') =>
    w.app.inject({ url, headers: { cookie: w.cookie[who] } });
  const page = async <T>(url: string, who: 'admin' | 'im' | 'viewer' = 'viewer') => {
    const res = await get(url, who);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as Page<T>;
  };
  const lineIds = async (url: string, who: 'admin' | 'im' | 'viewer' = 'viewer') =>
    (await page<{ id: number }>(url, who)).items.map((l) => l.id);

  beforeAll(async () => {
    w = await createApiWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('pages, filters and sorts enterprises', async () => {
    const first = await page<{ taxId: string }>('/api/enterprises?limit=3');
    expect(first).toMatchObject({ total: 10, limit: 3, offset: 0, run: null });
    expect(first.items).toHaveLength(3);
    const rest = await page<{ taxId: string }>('/api/enterprises?limit=50&offset=3');
    expect(rest.items).toHaveLength(7);
    expect(new Set([...first.items, ...rest.items].map((e) => e.taxId)).size).toBe(10);

    const byName = (await page<{ taxId: string }>('/api/enterprises?sort=name')).items.map((e) => e.taxId);
    // Pinyin order: 包 (bao) … 赣 (gan) … 冕 (mian), 宁 (ning); within 包头市: 金 < 某 < 瑞 < 天.
    expect(byName.slice(0, 4)).toEqual([JINMENG, '91150200701288887A', RUIXIN, TIANJIAO]);
    expect(byName.at(-1)).toBe(KENINGDA);
    expect((await page<{ taxId: string }>('/api/enterprises?sort=taxId&order=desc')).items[0]?.taxId).toBe(
      '91513400209655411N',
    );
    const ids = async (query: string) =>
      (await page<{ taxId: string }>(`/api/enterprises?${query}`)).items.map((e) => e.taxId).sort();
    expect(await ids(`q=${encodeURIComponent('包头')}`)).toHaveLength(4);
    expect(await ids('role=mining')).toEqual([GANZHOU_MINING, '91513400209655411N'].sort());
    expect(await ids('group=northern')).toEqual([JINMENG, TIANJIAO].sort());
    expect(await ids('region=150200')).toHaveLength(4);
    expect(await ids('region=360702')).toEqual(['360702745599820']);
    expect(await ids('list=none')).toHaveLength(10);
    expect(await ids('registered=false')).toEqual([]);
    // Without a run there is no list and no score yet.
    expect(
      (await page<{ list: unknown; score: unknown; signals: unknown }>('/api/enterprises?limit=1')).items[0],
    ).toMatchObject({
      list: null,
      score: null,
      signals: null,
    });
  });

  it('refuses malformed list queries with 400 problems and names the parameter', async () => {
    const cases: [string, string][] = [
      ['/api/enterprises?limit=0', '/limit'],
      ['/api/enterprises?limit=501', '/limit'],
      ['/api/enterprises?limit=ten', '/limit'],
      ['/api/enterprises?sort=bogus', '/sort'],
      ['/api/enterprises?region=15', '/region'],
      ['/api/enterprises?colour=red', '/colour'],
      ['/api/lines?from=2013-02-30', '/from'],
      ['/api/lines?flag=NOPE', '/flag/0'],
      ['/api/lines?minRatio=-1', '/minRatio'],
      ['/api/lines/abc', '/id'],
      ['/api/market?from=2013-01-01', '/to'],
    ];
    for (const [url, path] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      const problem = res.json() as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe('validation');
      expect(
        problem.errors.map((e) => e.path),
        url,
      ).toContain(path);
    }
    const inverted = await get('/api/lines?from=2013-09-30&to=2013-09-01');
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json()).toMatchObject({ code: 'invalid', field: 'from' });
  });

  it('shows a dossier with the registry identity, quotas and (no) findings', async () => {
    const res = await get(`/api/enterprises/${JINMENG}`);
    expect(res.json()).toEqual({
      taxId: JINMENG,
      name: '包头市金蒙稀土有限责任公司',
      roles: ['separation'],
      region: '150200',
      regionNameZh: '内蒙古自治区 包头市',
      regionNameEn: 'Inner Mongolia, Baotou',
      group: 'northern',
      registered: true,
      registry: {
        miningLicence: null,
        founded: '1998-03-12',
        deregistered: null,
        openingStockKg: 1_250_500,
        extra: { 联系人: '王经理' },
        taxIdCheckFailed: false,
        batchId: 1,
        updatedAt: expect.any(String),
      },
      latest: null,
      history: [],
      quotas: [{ year: 2013, batch: '', kind: 'separation', kg: 125 }],
    });
    expect((await get('/api/enterprises/91150200701288887A')).json()).toMatchObject({
      registry: { taxIdCheckFailed: true },
    });
    expect((await get('/api/enterprises/not-a-tax-id')).statusCode).toBe(400);
  });

  it('searches lines by party, dates, product, status and warnings, sorted and paged', async () => {
    expect(await lineIds(`/api/lines?seller=${JINMENG}&from=2013-09-01&to=2013-09-30`)).toEqual([
      38, 37, 36, 35, 34, 33, 22, 21,
    ]);
    expect(await lineIds('/api/lines?product=oxide-prnd&sort=amount&order=asc&limit=3')).toEqual([
      18, 42, 17,
    ]);
    const second = await page<{ id: number }>(
      '/api/lines?product=oxide-prnd&sort=amount&order=asc&limit=3&offset=3',
    );
    expect(second).toMatchObject({ total: 12, limit: 3, offset: 3 });
    expect(second.items.map((l) => l.id)).toEqual([41, 1, 38]);
    expect(await lineIds('/api/lines?flag=VOIDED')).toEqual([13]);
    expect(await lineIds('/api/lines?flag=RED')).toEqual([18]);
    expect(await lineIds('/api/lines?flag=ORDINARY_INVOICE')).toEqual([17]);
    expect(await lineIds('/api/lines?flag=VOIDED&flag=RED&order=asc')).toEqual([13, 18]);
    expect(await lineIds('/api/lines?status=void')).toEqual([13]);
    expect(await lineIds('/api/lines?product=unmatched')).toEqual([]);
    expect(await lineIds(`/api/lines?buyer=${OFF_BAOTOU}`)).toEqual([]);
    expect(await lineIds(`/api/lines?party=${OFF_GANZHOU}`)).toEqual([43]);
    expect(await lineIds('/api/lines?invoice=1500131140-00861210&order=asc&sort=id')).toEqual([14, 15, 16]);
    // A party's sales and purchases, merged in order across pages (Jinmeng buys line 19).
    expect(await lineIds(`/api/lines?party=${JINMENG}&sort=id&order=asc&limit=5&offset=5`)).toEqual([
      10, 11, 12, 13, 18,
    ]);
    expect(await lineIds(`/api/lines?party=${JINMENG}&sort=id&order=asc&limit=5&offset=10`)).toEqual([
      19, 21, 22, 33, 34,
    ]);
    const newest = await page<{ id: number }>(`/api/lines?party=${JINMENG}&limit=3`);
    expect(newest).toMatchObject({ total: 20 });
    expect(newest.items.map((l) => l.id)).toEqual([41, 38, 37]);
    expect(await lineIds(`/api/lines?party=${JINMENG}&sort=amount&limit=2`)).toEqual([33, 10]);
    const batch = await page<{ id: number }>('/api/lines?batchId=3&sort=id&order=asc');
    expect(batch.items.map((l) => l.id)).toEqual([41, 42, 43]);
  });

  it('prices lines against the quote-based reference and filters by price ratio', async () => {
    const line1 = (await get('/api/lines/1')).json();
    // 2 t PrNd oxide at 230,769.23 CNY/t ex-VAT on 2013-06-05; quote 2013-06-03: 270,000–275,000 CNY/t
    // with 17% VAT → 272.5 / 1.17 CNY/kg ex-VAT.
    expect(line1).toMatchObject({
      id: 1,
      invoiceKey: '1500131140-00861201',
      issueDate: '2013-06-05',
      productId: 'oxide-prnd',
      productNameZh: '氧化镨钕',
      amountFen: 46_153_846,
      taxFen: 7_846_154,
      kg: 2000,
      reoKg: 1980,
      flags: 0,
      flagNames: [],
      reference: { quoteDate: '2013-06-03', quotes: 1 },
      priceRatio: round6(461_538.46 / 2000 / (272.5 / 1.17)),
    });
    expect((line1 as { reference: { pricePerKg: number } }).reference.pricePerKg).toBeCloseTo(
      272.5 / 1.17,
      5,
    );
    // 2013-06-18 is 15 days after the last quote: unpriced (priceStalenessDays 14).
    expect((await get('/api/lines/3')).json()).toMatchObject({ reference: null, priceRatio: null });
    expect((await get('/api/lines/18')).json()).toMatchObject({ flagNames: ['RED'], kg: -1000 });
    expect((await get('/api/lines/41')).json()).toMatchObject({ priceRatio: 1 });
    expect((await get('/api/lines/42')).json()).toMatchObject({ priceRatio: 0.666667 });
    expect((await get('/api/lines/43')).json()).toMatchObject({
      priceRatio: 1,
      reference: { pricePerKg: 2000 },
    });

    expect(await lineIds('/api/lines?maxRatio=0.9')).toEqual([42]);
    expect(await lineIds('/api/lines?minRatio=0.95&sort=id&order=asc')).toEqual([1, 41, 43]);
    expect(await lineIds('/api/lines?minRatio=0.95&maxRatio=0.999')).toEqual([1]);
    const scoped = await page<{ id: number }>('/api/lines?minRatio=0.95&sort=id&order=asc', 'im');
    expect(scoped).toMatchObject({ total: 2 });
    expect(scoped.items.map((l) => l.id)).toEqual([1, 41]);
    expect((await get('/api/lines?minRatio=2&maxRatio=1')).statusCode).toBe(422);
    expect((await get('/api/lines/999')).statusCode).toBe(404);
  });

  it('exports lines as CSV with Chinese and English headers', async () => {
    const res = await get('/api/lines.csv?product=oxide-dy&sort=id&order=asc');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('invoice-lines.csv');
    const rows = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toMatch(/^发票代码 invoice_code,发票号码 invoice_number/);
    expect(rows).toHaveLength(5); // lines 8, 24, 26, 43
    expect(rows[4]).toBe(
      `3600131140,01539999,,1,2013-10-08,${OFF_GANZHOU},赣州市无证稀土经营部,${KENINGDA},宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镝,≥99.5%,oxide-dy,kg,100,2000,200000.00,0.17,34000.00,normal,100,99,2000,1,,cross-region.csv,4`,
    );
  });

  it('lists quotas, prices and products', async () => {
    expect((await page('/api/quotas')).total).toBe(7);
    const separation = await page<{ kg: number }>('/api/quotas?year=2013&kind=separation&sort=kg&order=desc');
    expect(separation.items.map((q) => q.kg)).toEqual([24_320_000, 3_200_000, 125]);
    expect((await page('/api/quotas?group=northern')).total).toBe(3);
    expect((await page(`/api/quotas?taxId=${GANZHOU_MINING}`)).items).toEqual([
      {
        id: 4,
        year: 2013,
        batch: '第一批',
        taxId: GANZHOU_MINING,
        group: 'southern',
        kind: 'mining_ionic',
        kg: 4_500_500,
        batchId: 6,
      },
    ]);

    const prices = await page<{ date: string; pricePerKg: number | null; price: number }>(
      '/api/prices?product=oxide-prnd&sort=date',
    );
    expect(prices.items.map((p) => [p.date, p.price, p.pricePerKg])).toEqual([
      ['2013-06-03', 272_500, 232.91],
      ['2013-08-26', 370_000, 316.24],
      ['2013-10-01', 351_000, 300],
    ]);
    expect((await page('/api/prices')).total).toBe(13);
    const ore = await page<{ pricePerKg: number; vatIncluded: boolean }>(
      '/api/prices?product=ore-concentrate-baiyunebo',
    );
    expect(ore.items[0]).toMatchObject({ vatIncluded: false, pricePerKg: 16.27 });

    const products = (await get('/api/products')).json() as { items: { id: string; category: string }[] };
    expect(products.items.find((p) => p.id === 'oxide-prnd')).toMatchObject({
      nameZh: '氧化镨钕',
      category: 'separation',
    });
  });

  it('computes the market view: implied prices, volumes, group shares, HHI, quota use', async () => {
    const res = await get('/api/market?from=2013-01-01&to=2013-12-31');
    const market = res.json() as {
      scoped: boolean;
      products: {
        productId: string;
        reference: { date: string; pricePerKg: number }[];
        buckets: {
          start: string;
          lines: number;
          kg: number;
          amount: number;
          impliedPricePerKg: number | null;
        }[];
      }[];
      groupShares: {
        totalReoKg: number;
        hhi: number;
        firms: number;
        groups: { group: string | null; reoKg: number; enterprises: number }[];
      };
      quotaUse: {
        year: number;
        kind: string;
        taxId: string | null;
        group: string | null;
        usedKg: number;
        use: number | null;
      }[];
    };
    expect(market.scoped).toBe(false);
    const prnd = market.products.find((p) => p.productId === 'oxide-prnd');
    expect(prnd?.reference.map((r) => [r.date, r.pricePerKg])).toEqual([
      ['2013-06-03', 232.91],
      ['2013-08-26', 316.24],
      ['2013-10-01', 300],
    ]);
    // June: lines 1 and 3; July: line 10 (the voided line 13 does not count); August: line 17 and
    // the red line 18 (−1 t); September: 21, 23, 33, 38; October: 41, 42.
    expect(prnd?.buckets).toEqual([
      {
        start: '2013-06-01',
        lines: 2,
        kg: 7000,
        reoKg: 6930,
        amount: 1_636_752.16,
        impliedPricePerKg: 233.82,
      },
      {
        start: '2013-07-01',
        lines: 1,
        kg: 6000,
        reoKg: 5940,
        amount: 1_512_820.5,
        impliedPricePerKg: 252.14,
      },
      { start: '2013-08-01', lines: 2, kg: -500, reoKg: -495, amount: -106_836.75, impliedPricePerKg: 290.6 },
      {
        start: '2013-09-01',
        lines: 4,
        kg: 19_000,
        reoKg: 18_810,
        amount: 5_905_982.96,
        impliedPricePerKg: 310.84,
      },
      { start: '2013-10-01', lines: 2, kg: 1500, reoKg: 1485, amount: 400_000, impliedPricePerKg: 266.67 },
    ]);
    // Separation products sold (REO kg, red netted): Jinmeng 141,705 (northern), Hongjin 4,227.3
    // (southern), Ruixin 3,712.5, the off-register Baotou seller 495 and Ganzhou seller 99.
    const total = 141_705 + 4_227.3 + 3_712.5 + 495 + 99;
    const hhi = [141_705, 4_227.3, 3_712.5, 495, 99].reduce((s, kg) => s + ((100 * kg) / total) ** 2, 0);
    expect(market.groupShares).toMatchObject({
      totalReoKg: 150_238.8,
      firms: 5,
      hhi: Math.round(hhi * 10) / 10,
    });
    expect(market.groupShares.groups.map((g) => [g.group, g.reoKg, g.enterprises])).toEqual([
      ['northern', 141_705, 1],
      [null, 4_306.5, 3],
      ['southern', 4_227.3, 1],
    ]);
    const use = (kindOf: string, who: { taxId?: string; group?: string }) =>
      market.quotaUse.find(
        (q) =>
          q.kind === kindOf &&
          (who.taxId ? q.taxId === who.taxId : q.taxId === null && q.group === who.group),
      );
    expect(use('separation', { taxId: JINMENG })).toMatchObject({ usedKg: 141_705, use: 1133.64 });
    expect(use('mining_ionic', { taxId: GANZHOU_MINING })).toMatchObject({
      usedKg: 50_000,
      use: round6(50_000 / 4_500_500),
    });
    expect(use('separation', { taxId: HONGJIN })).toMatchObject({ usedKg: 4_227.3 });
    expect(use('separation', { group: 'northern' })).toMatchObject({
      usedKg: 141_705,
      use: round6(141_705 / 24_320_000),
    });
    expect(use('mining_rock', { taxId: '91513400209655411N' })).toMatchObject({ usedKg: 50_000, use: 0.04 });

    // A quarter: quotas apply pro rata by days (92 of 365).
    const q3 = (
      await get('/api/market?from=2013-07-01&to=2013-09-30&bucket=week&product=oxide-prnd')
    ).json() as {
      products: { productId: string; buckets: { start: string }[] }[];
      quotaUse: { taxId: string | null; kind: string; periodQuotaKg: number }[];
    };
    expect(q3.products.map((p) => p.productId)).toEqual(['oxide-prnd']);
    expect(q3.products[0]?.buckets[0]?.start).toBe('2013-07-15'); // the Monday of line 10's week
    expect(q3.quotaUse.find((q) => q.taxId === HONGJIN)?.periodQuotaKg).toBe(
      Math.round(((3_200_000 * 92) / 365) * 1000) / 1000,
    );

    // Scoped: sellers in Inner Mongolia only.
    const im = (await get('/api/market?from=2013-01-01&to=2013-12-31', 'im')).json() as typeof market;
    expect(im.groupShares).toMatchObject({ totalReoKg: 145_912.5, firms: 3 });
    expect((await get('/api/market?from=2013-12-31&to=2013-01-01')).statusCode).toBe(422);
    expect((await get('/api/market?from=2000-01-01&to=2013-01-01')).statusCode).toBe(422);
  });
});
