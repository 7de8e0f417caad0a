// The scoping matrix (issue 5): an inspector for Inner Mongolia (150000) cannot read, list,
// search or export anything of a Jiangxi (360000) enterprise — 404 on direct reads, absent from
// lists, search results and exports — while seeing Baotou's; and the other way round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from './store-access.ts';
import type { ApiWorld, Who } from './api-fixture.ts';
import {
  GANZHOU_MINING,
  HONGJIN,
  IM_VISIBLE_LINE_IDS,
  INNER_MONGOLIA_REGISTRY,
  JIANGXI_REGISTRY,
  JINMENG,
  JX_VISIBLE_LINE_IDS,
  OFF_BAOTOU,
  OFF_GANZHOU,
  TIANJIAO,
  TOTAL_LINES,
  createApiWorld,
} from './api-fixture.ts';

interface Page<T> {
  items: T[];
  total: number;
}

describe.each(storeKinds())('regional scoping on %s', (kind) => {
  let w: ApiWorld;
  const get = (who: Who, url: string) => w.app.inject({ url, headers: { cookie: w.cookie[who] } });
  const ids = async (who: Who, url: string) =>
    ((await get(who, url)).json() as Page<{ id: number }>).items.map((l) => l.id).sort((a, b) => a - b);
  const taxIds = async (who: Who, url: string) =>
    ((await get(who, url)).json() as Page<{ taxId: string }>).items.map((e) => e.taxId).sort();

  beforeAll(async () => {
    w = await createApiWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('lists only the enterprises of the reader’s regions', async () => {
    expect(await taxIds('im', '/api/enterprises?limit=500')).toEqual(INNER_MONGOLIA_REGISTRY);
    expect(await taxIds('baotou', '/api/enterprises?limit=500')).toEqual(INNER_MONGOLIA_REGISTRY);
    expect(await taxIds('jx', '/api/enterprises?limit=500')).toEqual(JIANGXI_REGISTRY);
    expect((await get('admin', '/api/enterprises?limit=500')).json()).toMatchObject({ total: 10 });
    // Asking for another region is not a way round the scope.
    expect((await get('im', '/api/enterprises?region=360000')).json()).toMatchObject({ items: [], total: 0 });
    expect((await get('im', `/api/enterprises?q=${HONGJIN}`)).json()).toMatchObject({ total: 0 });
    expect((await get('im', `/api/enterprises?q=${encodeURIComponent('赣州')}`)).json()).toMatchObject({
      total: 0,
    });
  });

  it('answers 404 — not 403 — for a dossier outside the regions', async () => {
    for (const taxId of [HONGJIN, GANZHOU_MINING, OFF_GANZHOU]) {
      const res = await get('im', `/api/enterprises/${taxId}`);
      expect(res.statusCode, taxId).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
      expect((await get('im', `/api/enterprises/${taxId}/lines`)).statusCode).toBe(404);
    }
    expect((await get('im', `/api/enterprises/${JINMENG}`)).json()).toMatchObject({
      taxId: JINMENG,
      region: '150200',
    });
    expect((await get('jx', `/api/enterprises/${JINMENG}`)).statusCode).toBe(404);
    expect((await get('jx', `/api/enterprises/${HONGJIN}`)).statusCode).toBe(200);
    // An off-register taxpayer is placed by the division code in its USCC.
    expect((await get('im', `/api/enterprises/${OFF_BAOTOU}`)).json()).toMatchObject({
      taxId: OFF_BAOTOU,
      registered: false,
      region: '150200',
      name: '包头市无证稀土商行',
    });
    expect((await get('jx', `/api/enterprises/${OFF_BAOTOU}`)).statusCode).toBe(404);
    // An unknown taxpayer answers the same as a hidden one.
    const unknown = await get('im', '/api/enterprises/911502000000000000');
    const hidden = await get('im', `/api/enterprises/${HONGJIN}`);
    expect(unknown.statusCode).toBe(hidden.statusCode);
  });

  it('searches only lines whose seller or buyer is in the regions', async () => {
    expect(await ids('im', '/api/lines?limit=500')).toEqual(IM_VISIBLE_LINE_IDS);
    expect(await ids('jx', '/api/lines?limit=500')).toEqual(JX_VISIBLE_LINE_IDS);
    expect((await get('admin', '/api/lines?limit=1')).json()).toMatchObject({ total: TOTAL_LINES });
    // A Jiangxi party's lines, seen from Inner Mongolia: only the one with a Baotou seller.
    expect(await ids('im', `/api/lines?party=${HONGJIN}&limit=500`)).toEqual([41]);
    expect(await ids('im', `/api/lines?buyer=${GANZHOU_MINING}&limit=500`)).toEqual([42]);
    expect(await ids('im', `/api/lines?seller=${GANZHOU_MINING}&limit=500`)).toEqual([]);
    expect(await ids('im', `/api/enterprises/${JINMENG}/lines?side=sales&limit=500`)).toEqual([
      1, 2, 3, 4, 5, 10, 11, 12, 13, 18, 21, 22, 33, 34, 35, 36, 37, 38, 41,
    ]);
    expect((await get('im', '/api/lines/6')).statusCode).toBe(404);
    expect((await get('im', '/api/lines/43')).statusCode).toBe(404);
    expect((await get('im', '/api/lines/41')).json()).toMatchObject({
      id: 41,
      sellerTaxId: JINMENG,
      buyerTaxId: HONGJIN,
    });
    expect((await get('jx', '/api/lines/41')).statusCode).toBe(200);
    expect((await get('im', '/api/invoices/3600131140-01530077')).statusCode).toBe(404);
    expect((await get('jx', '/api/invoices/3600131140-01530077')).json()).toMatchObject({
      lines: [{ id: 6 }, { id: 7 }],
    });
    const evidence = await get(
      'im',
      '/api/lines/evidence?ref=3600131140-01530077/1&ref=1500131140-00861201/2',
    );
    expect((evidence.json() as { items: { id: number }[] }).items.map((l) => l.id)).toEqual([2]);
  });

  it('exports only what the reader may see', async () => {
    const enterprises = await get('im', '/api/enterprises.csv');
    expect(enterprises.headers['content-type']).toMatch(/^text\/csv/);
    for (const taxId of INNER_MONGOLIA_REGISTRY) expect(enterprises.body).toContain(taxId);
    for (const taxId of JIANGXI_REGISTRY) expect(enterprises.body).not.toContain(taxId);
    const lines = await get('im', '/api/lines.csv');
    const rows = lines.body.trim().split('\r\n');
    expect(rows).toHaveLength(1 + IM_VISIBLE_LINE_IDS.length);
    expect(lines.body).not.toContain('3600131140,01530077');
    expect(lines.body).not.toContain(OFF_GANZHOU);
    const jxLines = await get('jx', `/api/lines.csv?party=${JINMENG}`);
    expect(jxLines.body.trim().split('\r\n')).toHaveLength(2); // header + line 41
  });

  it('shows quotas and market figures of the regions only', async () => {
    const im = (await get('im', '/api/quotas')).json() as Page<{ taxId: string | null; kg: number }>;
    expect(im.items).toEqual([expect.objectContaining({ taxId: JINMENG, kind: 'separation', kg: 125 })]);
    const jx = (await get('jx', '/api/quotas?sort=kg')).json() as Page<{ taxId: string | null }>;
    expect(jx.items.map((q) => q.taxId)).toEqual([HONGJIN, GANZHOU_MINING]);
    expect((await get('admin', '/api/quotas')).json()).toMatchObject({ total: 7 });

    const market = (await get('im', '/api/market?from=2013-01-01&to=2013-12-31')).json() as {
      scoped: boolean;
      products: { productId: string; buckets: unknown[] }[];
      quotaUse: { taxId: string | null }[];
    };
    expect(market.scoped).toBe(true);
    const products = market.products.map((p) => p.productId);
    // Ionic ore moved only between Ganzhou enterprises.
    expect(products).not.toContain('ore-myeu-oxide');
    expect(products).toContain('oxide-prnd');
    expect(market.quotaUse.map((q) => q.taxId)).toEqual([JINMENG]);
  });

  it('keeps raw import rows (batches, rejects) from regional readers (403)', async () => {
    for (const url of [
      '/api/imports/batches',
      '/api/imports/batches/1',
      '/api/imports/batches/1/rejects',
      '/api/imports/batches/1/rejects.csv',
    ]) {
      expect((await get('im', url)).statusCode, url).toBe(403);
      expect((await get('viewer', url)).statusCode, url).not.toBe(403);
    }
  });

  it('applies a changed region to an open session at once', async () => {
    const before = await taxIds('baotou', '/api/enterprises');
    expect(before).toContain(TIANJIAO);
    const patch = await w.app.inject({
      method: 'PATCH',
      url: '/api/users/baotou',
      headers: { cookie: w.cookie.admin },
      payload: { regions: ['360700'] },
    });
    expect(patch.statusCode).toBe(200);
    const after = await taxIds('baotou', '/api/enterprises');
    expect(after).toEqual(JIANGXI_REGISTRY);
    expect((await get('baotou', `/api/enterprises/${TIANJIAO}`)).statusCode).toBe(404);
  });
});
