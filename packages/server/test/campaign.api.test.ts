// The campaign workflow over HTTP on SQLite and PostgreSQL: campaigns, registration (JSON and a
// multipart table), progress, tasks with findings and attachments, and the rules the server
// enforces whatever the client: inspectors work only in their regions (404 elsewhere), viewers
// change nothing (403), managers alone generate and assign.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiWorld } from './api-fixture.ts';
import { GANZHOU_MINING, JINMENG, OFF_BAOTOU, RUIXIN, TIANJIAO } from './api-fixture.ts';
import type { Caller } from './campaign-fixture.ts';
import { HENGYUAN, createCampaignApiWorld, multipart } from './campaign-fixture.ts';
import { listAudit, storeKinds } from './store-access.ts';

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe.each(storeKinds())('campaigns and tasks over HTTP on %s', (kind) => {
  let w: ApiWorld;
  let runId: number;
  let call: Awaited<ReturnType<typeof createCampaignApiWorld>>['call'];
  let campaignId: number;
  let tasks: { id: number; taxId: string; kind: string; dueDate: string; assignee: string | null }[];
  const upload = (who: Caller, url: string, file: ReturnType<typeof multipart>) =>
    w.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who === 'analyst2' ? '' : w.cookie[who], 'content-type': file.contentType },
      payload: file.payload,
    });

  beforeAll(async () => {
    ({ w, runId, call } = await createCampaignApiWorld(kind));
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('creates campaigns for managers only, validating the body', async () => {
    const body = {
      name: '打击稀土违法违规行为专项行动',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
      regions: ['150000', '360000'],
      measures: { grey: { dueDays: 15 } },
    };
    expect((await call('im', 'POST', '/api/campaigns', body)).statusCode).toBe(403);
    expect((await call('viewer', 'POST', '/api/campaigns', body)).statusCode).toBe(403);
    const unknown = await call('analyst', 'POST', '/api/campaigns', { ...body, owner: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'validation',
      errors: [{ path: '/owner', message: 'unknown field' }],
    });
    expect(
      (await call('analyst', 'POST', '/api/campaigns', { ...body, periodTo: '2013-02-30' })).statusCode,
    ).toBe(400);
    const res = await call('analyst', 'POST', '/api/campaigns', body);
    expect(res.statusCode, res.body).toBe(201);
    campaignId = (res.json() as { id: number }).id;
    expect(res.json()).toMatchObject({
      status: 'active',
      regions: [
        { code: '150000', nameZh: '内蒙古自治区' },
        { code: '360000', nameZh: '江西省' },
      ],
      measures: {
        black: { task: 'onsite_inspection', dueDays: 30 },
        grey: { task: 'document_request', dueDays: 15 },
      },
    });
    expect((await call('im', 'GET', `/api/campaigns/${campaignId}`)).statusCode).toBe(200);
    expect((await call('im', 'GET', '/api/campaigns')).json()).toMatchObject({ total: 1 });
    const patched = await call('analyst', 'PATCH', `/api/campaigns/${campaignId}`, {
      description: '九部门联合',
    });
    expect(patched.json()).toMatchObject({ description: '九部门联合' });
    expect((await call('jx', 'PATCH', `/api/campaigns/${campaignId}`, { description: 'x' })).statusCode).toBe(
      403,
    );
  });

  it('registers enterprises within the inspector’s regions only, one by one or from a table', async () => {
    const url = (taxId: string) => `/api/campaigns/${campaignId}/registrations/${taxId}`;
    expect((await call('jx', 'PUT', url(TIANJIAO), { openingStockKg: 1 })).statusCode).toBe(404);
    expect((await call('jx', 'GET', url(TIANJIAO))).statusCode).toBe(404);
    expect((await call('viewer', 'PUT', url(TIANJIAO), { openingStockKg: 1 })).statusCode).toBe(403);
    expect((await call('baotou', 'PUT', url(TIANJIAO), { openingStockKg: '300' })).statusCode).toBe(400);
    const created = await call('baotou', 'PUT', url(TIANJIAO), {
      openingStockKg: 300_000,
      openingStockComposition: { Pr: 0.25, Nd: 0.75 },
      licences: [{ kind: '安全生产许可证', number: 'FM-2012-0001', validUntil: null }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      action: 'created',
      registration: { status: 'registered', openingStockKg: 300_000 },
    });
    const verified = await call('im', 'POST', `${url(TIANJIAO)}/verify`);
    expect(verified.json()).toMatchObject({ status: 'verified', verifiedBy: 'im' });

    const csv = [
      '统一社会信用代码,企业名称,期初库存(吨REO),联系人',
      `${JINMENG},包头市金蒙稀土有限责任公司,"1,250.5",王经理`,
      `${HENGYUAN},赣州市恒源稀土综合利用有限公司,12,刘工`,
      `${RUIXIN},,负五,`,
    ].join('\r\n');
    const file = multipart('登记表.csv', 'text/csv', new TextEncoder().encode(csv));
    const strict = await upload('baotou', `/api/campaigns/${campaignId}/registrations/import`, file);
    expect(strict.statusCode, strict.body).toBe(200);
    expect(strict.json()).toMatchObject({
      status: 'rejected',
      rowsRead: 3,
      accepted: 0,
      issues: [
        { row: 3, column: '统一社会信用代码 / tax_id', value: HENGYUAN, code: 'not_in_scope' },
        { row: 4, column: '期初库存(吨REO) / opening_stock_t', value: '负五', code: 'bad_number' },
      ],
    });
    const lenient = await upload(
      'baotou',
      `/api/campaigns/${campaignId}/registrations/import?skipInvalid=true`,
      file,
    );
    expect(lenient.json()).toMatchObject({ status: 'committed', accepted: 1, created: 1, rejected: 2 });
    expect((await call('baotou', 'GET', url(JINMENG))).json()).toMatchObject({
      status: 'registered',
      registration: { openingStockKg: 1_250_500, contactName: '王经理', source: 'file:登记表.csv' },
    });
    const notMultipart = await call('baotou', 'POST', `/api/campaigns/${campaignId}/registrations/import`, {
      rows: [],
    });
    expect(notMultipart.statusCode).toBe(415);

    const progress = (await call('analyst', 'GET', `/api/campaigns/${campaignId}/progress`)).json() as {
      regions: { region: string; inScope: number; registered: number; verified: number }[];
    };
    // Four registry enterprises per province, and one off-register invoice party each (placed by its USCC).
    expect(progress.regions.map((r) => [r.region, r.inScope, r.registered, r.verified])).toEqual([
      ['150000', 5, 1, 1],
      ['360000', 5, 0, 0],
    ]);
    const jxList = await call('jx', 'GET', `/api/campaigns/${campaignId}/registrations?limit=100`);
    expect((jxList.json() as { items: { taxId: string }[] }).items.map((i) => i.taxId)).not.toContain(
      TIANJIAO,
    );
    const registered = await call('im', 'GET', `/api/campaigns/${campaignId}/registrations?status=verified`);
    expect(registered.json()).toMatchObject({ total: 1, items: [{ taxId: TIANJIAO, status: 'verified' }] });
  });

  it('generates tasks (managers only) and shows inspectors only their regions’ tasks', async () => {
    const path = `/api/campaigns/${campaignId}/tasks/generate`;
    expect((await call('im', 'POST', path, { runId })).statusCode).toBe(403);
    expect((await call('analyst', 'POST', path, { runId: 9999 })).statusCode).toBe(404);
    const res = await call('analyst', 'POST', path, { runId, asOf: '2013-08-15' });
    expect(res.statusCode, res.body).toBe(200);
    tasks = (res.json() as { created: typeof tasks }).created;
    // Black by score, then grey by score; the grey Ningbo magnet maker is outside the campaign.
    expect(tasks.map((t) => [t.taxId, t.kind, t.dueDate, t.assignee])).toEqual([
      [TIANJIAO, 'onsite_inspection', '2013-09-14', 'baotou'],
      [GANZHOU_MINING, 'onsite_inspection', '2013-09-14', 'jx'],
      [RUIXIN, 'document_request', '2013-08-30', 'baotou'],
      [OFF_BAOTOU, 'document_request', '2013-08-30', 'baotou'],
      [HENGYUAN, 'document_request', '2013-08-30', 'jx'],
    ]);
    const ids = async (who: Caller) =>
      ((await call(who, 'GET', '/api/tasks?sort=id')).json() as { items: { taxId: string }[] }).items.map(
        (t) => t.taxId,
      );
    expect(await ids('im')).toEqual([TIANJIAO, RUIXIN, OFF_BAOTOU]);
    expect(await ids('jx')).toEqual([GANZHOU_MINING, HENGYUAN]);
    expect(await ids('viewer')).toHaveLength(5);
    expect((await call('viewer', 'GET', '/api/tasks/vocabulary')).json()).toMatchObject({
      violations: { illegal_mining: { zh: '非法开采', en: 'Illegal mining' } },
    });
  });

  it('refuses an inspector every touch of a task outside their regions (404, nothing changes)', async () => {
    const id = tasks.find((t) => t.taxId === TIANJIAO)?.id;
    const before = (await listAudit(w.t.store.db, { subject: `task:${id}` })).total;
    expect((await call('jx', 'GET', `/api/tasks/${id}`)).statusCode).toBe(404);
    expect((await call('jx', 'POST', `/api/tasks/${id}/status`, { status: 'in_progress' })).statusCode).toBe(
      404,
    );
    expect(
      (
        await call('jx', 'POST', `/api/tasks/${id}/findings`, {
          violationKind: 'none',
          description: '未发现问题',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await upload('jx', `/api/tasks/${id}/attachments`, multipart('a.png', 'image/png', PNG))).statusCode,
    ).toBe(404);
    expect((await call('jx', 'GET', `/api/tasks/${id}/attachments/1`)).statusCode).toBe(404);
    expect((await call('jx', 'PATCH', `/api/tasks/${id}`, { assignee: 'jx' })).statusCode).toBe(404);
    expect(
      (await call('viewer', 'POST', `/api/tasks/${id}/status`, { status: 'in_progress' })).statusCode,
    ).toBe(403);
    // An unknown task answers the same as a hidden one.
    expect((await call('jx', 'GET', '/api/tasks/99999')).statusCode).toBe(404);
    expect((await listAudit(w.t.store.db, { subject: `task:${id}` })).total).toBe(before);
    expect((await call('baotou', 'GET', `/api/tasks/${id}`)).json()).toMatchObject({ status: 'open' });
  });

  it('works a task through its workflow with findings and attachments', async () => {
    const id = tasks.find((t) => t.taxId === TIANJIAO)?.id;
    const status = (who: Caller, s: string, outcome?: string) =>
      call(who, 'POST', `/api/tasks/${id}/status`, { status: s, ...(outcome ? { outcome } : {}) });
    const illegal = await status('baotou', 'closed', '结案');
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({
      code: 'conflict',
      detail: 'A task cannot go from open to closed (the next step is in_progress)',
    });
    expect((await status('baotou', 'in_progress')).json()).toMatchObject({ status: 'in_progress' });
    const finding = await call('baotou', 'POST', `/api/tasks/${id}/findings`, {
      violationKind: 'illegal_trading',
      description: '无法说明 200 吨氧化镨钕的来源',
      seizedKg: 19_000,
      penaltyFen: 50_000_000,
      licenceAction: 'suspension',
    });
    expect(finding.statusCode, finding.body).toBe(201);
    expect(finding.json()).toMatchObject({
      finding: { penaltyCny: '500000.00' },
      task: { status: 'findings_recorded' },
    });
    expect(
      (
        await call('baotou', 'POST', `/api/tasks/${id}/findings`, {
          violationKind: 'none',
          description: 'x y',
          penaltyFen: 1.5,
        })
      ).statusCode,
    ).toBe(400);

    const added = await upload(
      'im',
      `/api/tasks/${id}/attachments`,
      multipart('现场照片.png', 'image/png', PNG),
    );
    expect(added.statusCode, added.body).toBe(201);
    const attachment = added.json() as { id: number; sha256: string };
    expect(attachment.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    const download = await call('baotou', 'GET', `/api/tasks/${id}/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-sha256']).toBe(attachment.sha256);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('现场照片.png')}`,
    );
    expect(new Uint8Array(download.rawPayload)).toEqual(PNG);
    const spoofed = await upload(
      'baotou',
      `/api/tasks/${id}/attachments`,
      multipart('x.png', 'image/png', new TextEncoder().encode('MZ\u0090\u0000')),
    );
    expect(spoofed.statusCode).toBe(415);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    expect(
      (await upload('baotou', `/api/tasks/${id}/attachments`, multipart('big.png', 'image/png', big)))
        .statusCode,
    ).toBe(413);

    expect((await status('baotou', 'closed')).statusCode).toBe(422);
    expect((await status('baotou', 'closed', '责令停产整顿')).json()).toMatchObject({
      status: 'closed',
      outcome: '责令停产整顿',
    });
    const detail = (await call('im', 'GET', `/api/tasks/${id}`)).json() as {
      history: { action: string }[];
      findings: unknown[];
      attachments: unknown[];
    };
    expect(detail.findings).toHaveLength(1);
    expect(detail.attachments).toHaveLength(1);
    expect(detail.history.map((h) => h.action)).toEqual([
      'task.create',
      'task.status',
      'task.finding',
      'task.status',
      'task.attachment',
      'task.status',
    ]);
  });

  it('lets managers reassign and re-date a task, within the enterprise’s regions', async () => {
    const id = tasks.find((t) => t.taxId === RUIXIN)?.id;
    expect((await call('analyst', 'PATCH', `/api/tasks/${id}`, { assignee: 'jx' })).statusCode).toBe(422);
    const ok = await call('analyst', 'PATCH', `/api/tasks/${id}`, { assignee: 'im', dueDate: '2013-09-10' });
    expect(ok.json()).toMatchObject({ assignee: 'im', dueDate: '2013-09-10' });
    expect((await call('analyst', 'PATCH', `/api/tasks/${id}`, {})).statusCode).toBe(400);
  });
});
