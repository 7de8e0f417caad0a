// List governance, reports and the audit log over HTTP on SQLite and PostgreSQL: four eyes on
// black-list moves (an inspector never approves; nobody approves their own request), the lists in
// force, frozen publications and their exports, appeals, dossier and campaign reports, and every
// one of those decisions and downloads in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiWorld } from './api-fixture.ts';
import { HONGJIN, JINMENG, RUIXIN, TIANJIAO } from './api-fixture.ts';
import { createCampaignApiWorld } from './campaign-fixture.ts';
import { listAudit, storeKinds } from './store-access.ts';

describe.each(storeKinds())('list governance over HTTP on %s', (kind) => {
  let w: ApiWorld;
  let runId: number;
  let call: Awaited<ReturnType<typeof createCampaignApiWorld>>['call'];
  let offBlack: number;
  let publicationId: number;

  beforeAll(async () => {
    ({ w, runId, call } = await createCampaignApiWorld(kind));
  });
  afterAll(async () => {
    await w?.dispose();
  });

  const lists = async (taxId: string) => {
    const page = (await call('analyst', 'GET', `/api/runs/${runId}/lists?limit=500`)).json() as {
      items: { taxId: string; computedList: string; list: string }[];
    };
    const e = page.items.find((i) => i.taxId === taxId);
    return e ? [e.computedList, e.list] : undefined;
  };

  it('keeps a black-list move pending until another manager approves it', async () => {
    const body = { runId, taxId: TIANJIAO, list: 'grey', reason: '现场核实：200吨系合法库存，有入库单' };
    expect((await call('jx', 'POST', '/api/overrides', body)).statusCode).toBe(404);
    expect((await call('viewer', 'POST', '/api/overrides', body)).statusCode).toBe(403);
    const res = await call('baotou', 'POST', '/api/overrides', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'pending',
      needsApproval: true,
      computedList: 'black',
      inForce: false,
    });
    offBlack = (res.json() as { id: number }).id;
    expect(await lists(TIANJIAO)).toEqual(['black', 'black']);

    const byInspector = await call('baotou', 'POST', `/api/overrides/${offBlack}/approve`, {});
    expect(byInspector.statusCode).toBe(403);
    expect(byInspector.json()).toMatchObject({
      code: 'forbidden',
      detail: 'Only administrators and analysts can do this',
    });
    expect((await call('jx', 'POST', `/api/overrides/${offBlack}/approve`, {})).statusCode).toBe(404);
    expect((await call('jx', 'GET', `/api/overrides/${offBlack}`)).statusCode).toBe(404);
    const approved = await call('analyst', 'POST', `/api/overrides/${offBlack}/approve`, {
      note: '证据充分',
    });
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'analyst', inForce: true });
    expect(await lists(TIANJIAO)).toEqual(['black', 'grey']);
    expect((await call('analyst2', 'POST', `/api/overrides/${offBlack}/approve`, {})).statusCode).toBe(409);
  });

  it('refuses a manager approving their own request (403), and lets a second one', async () => {
    const res = await call('analyst', 'POST', '/api/overrides', {
      runId,
      taxId: RUIXIN,
      list: 'black',
      reason: '票货分离，虚开嫌疑',
      expiresOn: '2099-12-31',
    });
    const id = (res.json() as { id: number }).id;
    const own = await call('analyst', 'POST', `/api/overrides/${id}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({
      code: 'forbidden',
      detail: 'Four eyes: you cannot approve your own request; another user must approve it',
      detailZh: '四眼原则：不能审批自己提出的调整，须由另一名用户审批',
    });
    expect(await lists(RUIXIN)).toEqual(['grey', 'grey']);
    expect((await call('analyst2', 'POST', `/api/overrides/${id}/approve`, {})).json()).toMatchObject({
      status: 'approved',
      decidedBy: 'analyst2',
    });
    expect(await lists(RUIXIN)).toEqual(['grey', 'black']);
    expect((await call('analyst', 'POST', `/api/overrides/${id}/reject`, {})).statusCode).toBe(400);

    // Other moves apply at once.
    const applied = await call('im', 'POST', '/api/overrides', {
      runId,
      taxId: JINMENG,
      list: 'white',
      reason: '材料齐全，核实无异常',
    });
    expect(applied.json()).toMatchObject({ status: 'applied', needsApproval: false, inForce: true });
    const overridden = (await call('im', 'GET', `/api/runs/${runId}/lists?overridden=true`)).json() as {
      items: { taxId: string; list: string; override: { reason: string } }[];
      overridden: number;
    };
    expect(overridden.items.map((i) => [i.taxId, i.list])).toEqual([
      [RUIXIN, 'black'],
      [TIANJIAO, 'grey'],
      [JINMENG, 'white'],
    ]);
    expect((await call('jx', 'GET', `/api/runs/${runId}/lists?overridden=true`)).json()).toMatchObject({
      total: 0,
    });
    const pending = await call('jx', 'GET', '/api/overrides');
    expect(pending.json()).toMatchObject({ total: 0 });
  });

  it('publishes a frozen list version, exports it and takes appeals', async () => {
    expect((await call('im', 'POST', '/api/publications', { runId })).statusCode).toBe(403);
    const pub = await call('analyst', 'POST', '/api/publications', { runId, title: '2013年稀土企业名单' });
    expect(pub.statusCode, pub.body).toBe(201);
    publicationId = (pub.json() as { id: number }).id;
    expect(pub.json()).toMatchObject({ overrides: 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const csv = await call('im', 'GET', `/api/publications/${publicationId}/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain(
      `${RUIXIN},包头市瑞鑫稀土贸易有限公司,150200,内蒙古自治区 包头市,贸易、出口,,灰名单,黑名单,是,票货分离，虚开嫌疑,2099-12-31`,
    );
    expect(csv.body).not.toContain(HONGJIN);
    const xlsx = await call('analyst', 'GET', `/api/runs/${runId}/lists.xlsx?lang=en`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await call('jx', 'GET', `/api/publications/${publicationId}/export.pdf`)).statusCode).toBe(400);

    const appeal = await call('baotou', 'POST', `/api/publications/${publicationId}/appeals`, {
      taxId: RUIXIN,
      grounds: '企业提交采购合同与运输单据',
    });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const appealId = (appeal.json() as { id: number }).id;
    expect((await call('jx', 'GET', `/api/appeals/${appealId}`)).statusCode).toBe(404);
    expect(
      (await call('baotou', 'POST', `/api/appeals/${appealId}/decision`, { outcome: 'upheld', note: '同意' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call('analyst2', 'POST', `/api/appeals/${appealId}/decision`, {
          outcome: 'upheld',
          note: '单据真实，下期调整',
        })
      ).json(),
    ).toMatchObject({ status: 'upheld', outcomeNote: '单据真实，下期调整' });
    expect((await call('im', 'GET', `/api/appeals?publicationId=${publicationId}`)).json()).toMatchObject({
      total: 1,
    });
  });

  it('renders the dossier and the campaign report as HTML and PDF, within the reader’s regions', async () => {
    const html = await call('im', 'GET', `/api/reports/dossiers/${TIANJIAO}?lang=zh`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<h1>企业档案</h1>');
    expect(html.body).toContain('包头市天骄稀土金属有限公司');
    expect(html.body).toContain('现场核实：200吨系合法库存，有入库单');
    expect(html.body).not.toMatch(/<script|https?:\/\//);
    expect((await call('jx', 'GET', `/api/reports/dossiers/${TIANJIAO}`)).statusCode).toBe(404);
    const pdf = await call('baotou', 'GET', `/api/reports/dossiers/${TIANJIAO}?format=pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const campaign = await call('analyst', 'POST', '/api/campaigns', {
      name: '稀土专项整治',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
    });
    const report = await call(
      'im',
      'GET',
      `/api/reports/campaigns/${(campaign.json() as { id: number }).id}?lang=en`,
    );
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Campaign report');
    expect(report.body).toContain('Registration progress');
  });

  it('audits decisions and every download, and only managers read the log', async () => {
    const enterprises = await call('viewer', 'GET', '/api/enterprises.csv');
    expect(enterprises.statusCode).toBe(200);
    expect((await call('im', 'GET', '/api/audit')).statusCode).toBe(403);
    expect((await call('viewer', 'GET', '/api/audit/verify')).statusCode).toBe(403);
    const page = (await call('admin', 'GET', '/api/audit?limit=500')).json() as {
      items: { action: string; actor: string; subject: string | null }[];
    };
    const actions = page.items.map((e) => `${e.action} ${e.actor}`);
    for (const a of [
      'override.request baotou',
      'override.approve analyst',
      'override.approve analyst2',
      'override.apply im',
      'publication.create analyst',
      'export.publication im',
      'export.list analyst',
      'appeal.file baotou',
      'appeal.decide analyst2',
      'report.dossier im',
      'report.dossier baotou',
      'report.campaign im',
      'export.download viewer',
      'auth.login analyst2',
    ])
      expect(actions, a).toContain(a);
    // A self-audited export is recorded once, not twice.
    expect(
      page.items.filter((e) => e.action.startsWith('export') && e.subject === `publication:${publicationId}`),
    ).toHaveLength(1);
    expect((await listAudit(w.t.store.db, { action: 'export.download' })).items[0]?.subject).toBe(
      '/api/enterprises.csv',
    );
    expect((await call('analyst', 'GET', '/api/audit/verify')).json()).toMatchObject({ ok: true });
    const filtered = (await call('analyst', 'GET', `/api/audit?subject=override:${offBlack}`)).json() as {
      items: { action: string }[];
    };
    expect(filtered.items.map((e) => e.action)).toEqual(['override.approve', 'override.request']);
  });
});
