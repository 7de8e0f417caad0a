// Inspection runs through the API: the enterprise list and dossier with the latest findings, run
// entries, exports, the diff of two runs, policies — and their regional scoping. The runs are
// made by the real engine over the fixture data (see recordRun).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionResult } from '@oresight/core/inspect';
import { DEFAULT_POLICY, inspect } from '@oresight/core/inspect';
import { loadDataset } from '@oresight/app';
import { storeKinds } from './store-access.ts';
import type { ApiWorld, Who } from './api-fixture.ts';
import {
  GANZHOU_MINING,
  HENGYUAN,
  HONGJIN,
  INNER_MONGOLIA_REGISTRY,
  JIANGXI_REGISTRY,
  JINMENG,
  OFF_BAOTOU,
  OFF_GANZHOU,
  RUIXIN,
  TIANJIAO,
  createApiWorld,
  recordRun,
  storeCounts,
} from './api-fixture.ts';

interface Page<T> {
  items: T[];
  total: number;
}
interface Item {
  taxId: string;
  list: string | null;
  score: number | null;
  registered: boolean;
  region: string | null;
  rules: string[];
}

const YEAR = { from: '2013-01-01', to: '2013-12-31' };
const Q3 = { from: '2013-07-01', to: '2013-09-30' };

describe.each(storeKinds())('runs on %s', (kind) => {
  let w: ApiWorld;
  let q3Run: number;
  let yearRun: number;
  let year: InspectionResult;
  const get = (who: Who, url: string) => w.app.inject({ url, headers: { cookie: w.cookie[who] } });
  const items = async (who: Who, url: string) => {
    const res = await get(who, url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return (res.json() as Page<Item>).items;
  };

  beforeAll(async () => {
    w = await createApiWorld(kind);
    q3Run = await recordRun(w.t, Q3, DEFAULT_POLICY);
    yearRun = await recordRun(w.t, YEAR, DEFAULT_POLICY);
    year = inspect((await loadDataset(w.t.store, YEAR)).dataset, DEFAULT_POLICY);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('lists runs, newest first, with their counts', async () => {
    const runs = (await get('viewer', '/api/runs')).json() as Page<{
      id: number;
      counts: object;
      periodFrom: string;
    }>;
    expect(runs.total).toBe(2);
    expect(runs.items.map((r) => r.id)).toEqual([yearRun, q3Run]);
    expect(runs.items[0]).toMatchObject({
      status: 'done',
      periodFrom: '2013-01-01',
      policyId: 'default',
      counts: year.counts,
      invoiceLines: year.dataset.invoiceLines,
    });
    expect((await get('viewer', '/api/runs?sort=periodFrom&order=asc')).json()).toMatchObject({
      items: [{ periodFrom: '2013-01-01' }, { periodFrom: '2013-07-01' }],
    });
    expect((await get('viewer', `/api/runs/${q3Run}`)).json()).toMatchObject({
      id: q3Run,
      periodTo: '2013-09-30',
    });
    expect((await get('viewer', '/api/runs/999')).statusCode).toBe(404);
  });

  it('shows the latest run’s lists in the enterprise list, sorted black first and by score', async () => {
    const body = (await get('admin', '/api/enterprises?limit=500')).json() as Page<Item> & {
      run: { id: number };
    };
    expect(body.run.id).toBe(yearRun);
    expect(body.total).toBe(12); // 10 registered + 2 off-register taxpayers the run rated
    const expected = [...year.enterprises].map((e) => [e.taxId, e.list, e.score]);
    expect(body.items.map((e) => [e.taxId, e.list, e.score])).toEqual(expected);
    expect(body.items[0]).toMatchObject({ taxId: GANZHOU_MINING, list: 'black', registered: true });
    expect(body.items[0]?.rules).toContain('under_invoiced_purchases');
    const grey = await items('admin', '/api/enterprises?list=grey&sort=score&order=desc');
    expect(grey.map((e) => e.taxId)).toEqual([RUIXIN, OFF_BAOTOU, TIANJIAO, HENGYUAN]);
    expect(grey[1]).toMatchObject({ registered: false, region: '150200' });
    expect((await items('admin', '/api/enterprises?registered=false')).map((e) => e.taxId).sort()).toEqual(
      [OFF_BAOTOU, OFF_GANZHOU].sort(),
    );
    // An earlier run on request.
    expect(await items('admin', `/api/enterprises?runId=${q3Run}&list=black`)).toEqual([]);
    expect((await get('admin', '/api/enterprises?runId=999')).statusCode).toBe(404);
  });

  it('shows the full findings and list history in the dossier, exactly as the engine produced them', async () => {
    const engine = year.enterprises.find((e) => e.taxId === GANZHOU_MINING);
    const dossier = (await get('jx', `/api/enterprises/${GANZHOU_MINING}`)).json() as {
      latest: { run: { id: number }; list: string; score: number; signals: unknown; reasons: unknown };
      history: { runId: number; list: string }[];
    };
    expect(dossier.latest).toEqual({
      run: expect.objectContaining({ id: yearRun, periodFrom: '2013-01-01', periodTo: '2013-12-31' }),
      list: 'black',
      score: engine?.score,
      signals: JSON.parse(JSON.stringify(engine?.signals)),
      reasons: JSON.parse(JSON.stringify(engine?.reasons)),
    });
    expect(dossier.history.map((h) => [h.runId, h.list])).toEqual([
      [yearRun, 'black'],
      [q3Run, 'unrated'],
    ]);
    expect((await get('im', `/api/enterprises/${GANZHOU_MINING}`)).statusCode).toBe(404);
    // Its evidence lines, as its regional inspector sees them.
    const refs = (dossier.latest.reasons as { evidence: string[] }[]).flatMap((r) => r.evidence);
    expect(refs.length).toBeGreaterThan(0);
    const evidence = (
      await get('jx', `/api/lines/evidence?${refs.map((r) => `ref=${encodeURIComponent(r)}`).join('&')}`)
    ).json() as {
      items: { invoiceKey: string; lineNo: number }[];
    };
    expect(evidence.items.map((l) => `${l.invoiceKey}/${l.lineNo}`).sort()).toEqual(
      [...new Set(refs)].sort(),
    );
  });

  it('cuts run entries, their detail and their export to the reader’s regions', async () => {
    const im = await items('im', `/api/runs/${yearRun}/entries?limit=500&sort=taxId`);
    expect(im.map((e) => e.taxId)).toEqual([...INNER_MONGOLIA_REGISTRY, OFF_BAOTOU].sort());
    const jx = await items('jx', `/api/runs/${yearRun}/entries?limit=500&sort=taxId`);
    expect(jx.map((e) => e.taxId)).toEqual([...JIANGXI_REGISTRY, OFF_GANZHOU].sort());
    expect((await get('im', `/api/runs/${yearRun}/entries?list=black`)).json()).toMatchObject({ total: 0 });
    expect((await get('jx', `/api/runs/${yearRun}/entries?list=black`)).json()).toMatchObject({
      total: 1,
      items: [{ taxId: GANZHOU_MINING, list: 'black' }],
    });
    const page = (
      await get('admin', `/api/runs/${yearRun}/entries?list=grey&limit=2&sort=score&order=desc`)
    ).json() as Page<Item>;
    expect(page.total).toBe(4);
    expect(page.items.map((e) => e.taxId)).toEqual([RUIXIN, OFF_BAOTOU]);

    expect((await get('im', `/api/runs/${yearRun}/entries/${HONGJIN}`)).statusCode).toBe(404);
    expect((await get('jx', `/api/runs/${yearRun}/entries/${JINMENG}`)).statusCode).toBe(404);
    const detail = (await get('im', `/api/runs/${yearRun}/entries/${RUIXIN}`)).json() as {
      list: string;
      reasons: { rule: string }[];
      signals: { reoOutKg: number };
    };
    const engine = year.enterprises.find((e) => e.taxId === RUIXIN);
    expect(detail).toMatchObject({ runId: yearRun, list: 'grey', score: engine?.score });
    expect(detail.signals).toEqual(JSON.parse(JSON.stringify(engine?.signals)));
    expect(detail.reasons.map((r) => r.rule)).toEqual(engine?.reasons.map((r) => r.rule));

    const csv = await get('im', `/api/runs/${yearRun}/entries.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(1 + 5);
    for (const taxId of [...JIANGXI_REGISTRY, OFF_GANZHOU]) expect(csv.body).not.toContain(taxId);
    expect((await get('admin', `/api/runs/999/entries`)).statusCode).toBe(404);
  });

  it('diffs two runs: who moved and why, cut to the reader’s regions', async () => {
    const all = (await get('admin', `/api/runs/diff?a=${q3Run}&b=${yearRun}&movedOnly=true`)).json() as {
      period: { same: boolean };
      policy: { same: boolean };
      data: { same: boolean };
      counts: { a: object; b: object };
      enterprises: Page<{
        taxId: string;
        from: string;
        to: string;
        moved: boolean;
        reasonsAppeared: { rule: string }[];
      }>;
    };
    expect(all.period.same).toBe(false);
    expect(all.policy.same).toBe(true);
    expect(all.data.same).toBe(true);
    expect(all.counts.b).toEqual(year.counts);
    const moves = all.enterprises.items.map((c) => [c.taxId, c.from, c.to]).sort();
    expect(moves).toEqual(
      [
        [GANZHOU_MINING, 'unrated', 'black'],
        [OFF_BAOTOU, 'unrated', 'grey'],
      ].sort(),
    );
    const why = all.enterprises.items.find((c) => c.taxId === GANZHOU_MINING);
    expect(why?.reasonsAppeared.map((r) => r.rule)).toContain('under_invoiced_purchases');

    const im = (await get('im', `/api/runs/diff?a=${q3Run}&b=${yearRun}&movedOnly=true`)).json() as {
      enterprises: Page<{ taxId: string }>;
    };
    expect(im.enterprises.items.map((c) => c.taxId)).toEqual([OFF_BAOTOU]);
    const jx = (await get('jx', `/api/runs/diff?a=${q3Run}&b=${yearRun}&movedOnly=true`)).json() as {
      enterprises: Page<{ taxId: string }>;
    };
    expect(jx.enterprises.items.map((c) => c.taxId)).toEqual([GANZHOU_MINING]);
    expect((await get('admin', `/api/runs/diff?a=${q3Run}&b=999`)).statusCode).toBe(404);
    expect((await get('admin', `/api/runs/diff?a=${q3Run}`)).statusCode).toBe(400);
  });

  it('stores policy versions: validated field by field, the same content once, analysts and admins only', async () => {
    const edited = {
      ...DEFAULT_POLICY,
      version: '1.1.0',
      parameters: { ...DEFAULT_POLICY.parameters, priceBand: 0.25 },
    };
    const before = await storeCounts(w.t);
    const viewer = await w.app.inject({
      method: 'POST',
      url: '/api/policies',
      headers: { cookie: w.cookie.viewer },
      payload: edited,
    });
    expect(viewer.statusCode).toBe(403);
    const invalid = await w.app.inject({
      method: 'POST',
      url: '/api/policies',
      headers: { cookie: w.cookie.analyst },
      payload: { ...edited, parameters: { ...edited.parameters, priceBand: 5 } },
    });
    expect(invalid.statusCode).toBe(422);
    expect((invalid.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      '/parameters/priceBand',
    );
    const unknownField = await w.app.inject({
      method: 'POST',
      url: '/api/policies',
      headers: { cookie: w.cookie.analyst },
      payload: { ...edited, owner: 'me' },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(await storeCounts(w.t)).toEqual(before);

    const created = await w.app.inject({
      method: 'POST',
      url: '/api/policies',
      headers: { cookie: w.cookie.analyst },
      payload: edited,
    });
    expect(created.statusCode).toBe(201);
    const record = created.json() as {
      id: number;
      version: string;
      policy: { parameters: { priceBand: number } };
    };
    expect(record).toMatchObject({
      version: '1.1.0',
      policy: { parameters: { priceBand: 0.25 } },
      userName: 'analyst',
    });
    const again = await w.app.inject({
      method: 'POST',
      url: '/api/policies',
      headers: { cookie: w.cookie.admin },
      payload: edited,
    });
    expect(again.statusCode).toBe(200);
    expect((again.json() as { id: number }).id).toBe(record.id);

    const list = (await get('viewer', '/api/policies')).json() as Page<{ id: number; version: string }>;
    expect(list.items.map((p) => p.version)).toEqual(['1.1.0', '1.0.0']);
    expect((await get('viewer', `/api/policies/${record.id}`)).json()).toMatchObject({ id: record.id });
    expect((await get('viewer', '/api/policies/999')).statusCode).toBe(404);
    expect((await get('viewer', '/api/policies/default')).json()).toEqual(
      JSON.parse(JSON.stringify(DEFAULT_POLICY)),
    );
  });

  it('starts a run as a background job (analysts and admins), and refuses bad requests changing nothing', async () => {
    const before = await storeCounts(w.t);
    const post = (who: Who, payload: object) =>
      w.app.inject({ method: 'POST', url: '/api/runs', headers: { cookie: w.cookie[who] }, payload });
    for (const who of ['viewer', 'im'] as const)
      expect((await post(who, { period: '2013' })).statusCode).toBe(403);
    const bad: [object, number][] = [
      [{ period: '2013-Q5' }, 422],
      [{ from: '2013-09-01', to: '2013-08-01' }, 422],
      [{ period: '2013', from: '2013-01-01' }, 422],
      [{ from: '2013-01-01' }, 422],
      [{}, 422],
      [{ period: '2013', policyId: 999 }, 422],
      [{ period: '2013', force: true }, 400],
      [{ period: 2013 }, 400],
      [{ from: '2013-02-30', to: '2013-03-01' }, 400],
    ];
    for (const [payload, status] of bad) {
      const res = await post('analyst', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await storeCounts(w.t)).toEqual(before);

    const policies = (await get('viewer', '/api/policies')).json() as Page<{ id: number; version: string }>;
    const edited = policies.items.find((p) => p.version === '1.1.0');
    const res = await post('analyst', { period: '2013-08', policyId: edited?.id });
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json() as { id: string; kind: string };
    expect(queued.kind).toBe('inspection');
    expect(res.headers.location).toBe(`/api/jobs/${queued.id}`);
    let job:
      | { status: string; result: { runId: number; period: object; policy: { version: string } } | null }
      | undefined;
    for (let i = 0; i < 600; i++) {
      job = (await get('analyst', `/api/jobs/${queued.id}`)).json() as typeof job;
      if (job?.status === 'succeeded' || job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { period: { from: '2013-08-01', to: '2013-08-31' }, policy: { version: '1.1.0' } },
    });
    const runId = job?.result?.runId;
    expect((await get('viewer', `/api/runs/${runId}`)).json()).toMatchObject({
      status: 'done',
      policyVersion: '1.1.0',
      periodFrom: '2013-08-01',
      userName: 'analyst',
    });
    // The newest run now feeds the enterprise list.
    expect((await get('viewer', '/api/enterprises?limit=1')).json()).toMatchObject({ run: { id: runId } });
  });
});
