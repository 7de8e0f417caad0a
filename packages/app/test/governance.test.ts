// List governance through the use cases, on SQLite and PostgreSQL: overrides beside the computed
// list, four eyes on every move onto or off the black list, expiry and superseding, publications
// frozen and sealed, exports with overrides applied, appeals with their outcome, tasks made from
// the governed list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXlsx } from '@oresight/core/formats';
import { listPublicationEntries } from '@oresight/store';
import { storeKinds } from '@oresight/store/testing';
import {
  approveOverride,
  createCampaign,
  decideAppeal,
  exportPublication,
  exportRunList,
  fileAppeal,
  generateTasks,
  getEffectiveList,
  listAppealViews,
  listOverrideViews,
  listPublicationEntryViews,
  publicationHash,
  publishList,
  rejectOverride,
  requestOverride,
  verifyAudit,
  withdrawOverride,
} from '../src/index.ts';
import type { CampaignWorld } from './campaign-world.ts';
import { HENGYUAN, JINMENG, KENINGDA, RUIXIN, TIANJIAO, createCampaignWorld } from './campaign-world.ts';

const TODAY = '2013-11-01';

describe.each(storeKinds())('list governance on %s', (kind) => {
  let w: CampaignWorld;
  let offBlack: number;
  let publicationId: number;
  const listOf = async (taxId: string, asOf = TODAY) => {
    const e = await getEffectiveList(w.t.store, w.actors.analyst, w.runId, { asOf });
    if (!e.ok) throw new Error(e.error.en);
    const entry = e.value.entries.find((x) => x.taxId === taxId);
    return entry ? [entry.computedList, entry.list] : undefined;
  };
  beforeAll(async () => {
    w = await createCampaignWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('takes a black-list move off the list only with a second user’s approval', async () => {
    const asOf = { asOf: TODAY };
    expect(
      await requestOverride(
        w.t.store,
        w.actors.jx,
        { runId: w.runId, taxId: TIANJIAO, list: 'grey', reason: '现场核实库存来源合法' },
        asOf,
      ),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await requestOverride(
        w.t.store,
        w.actors.viewer,
        { runId: w.runId, taxId: TIANJIAO, list: 'grey', reason: '现场核实库存来源合法' },
        asOf,
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await requestOverride(
        w.t.store,
        w.actors.baotou,
        { runId: w.runId, taxId: TIANJIAO, list: 'grey', reason: '短' },
        asOf,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'reason' } });
    expect(
      await requestOverride(
        w.t.store,
        w.actors.baotou,
        { runId: w.runId, taxId: TIANJIAO, list: 'black', reason: '维持黑名单不变' },
        asOf,
      ),
    ).toMatchObject({ ok: false, error: { code: 'conflict', field: 'list' } });
    const req = await requestOverride(
      w.t.store,
      w.actors.baotou,
      {
        runId: w.runId,
        taxId: TIANJIAO,
        list: 'grey',
        reason: '现场核实：200吨系2012年合法库存，有入库单',
        expiresOn: '2013-12-31',
      },
      asOf,
    );
    if (!req.ok) throw new Error(req.error.en);
    offBlack = req.value.id;
    expect(req.value).toMatchObject({
      status: 'pending',
      needsApproval: true,
      computedList: 'black',
      fromList: 'black',
    });
    expect(await listOf(TIANJIAO)).toEqual(['black', 'black']);
    expect(
      await requestOverride(
        w.t.store,
        w.actors.im,
        { runId: w.runId, taxId: TIANJIAO, list: 'white', reason: '另一申请理由' },
        asOf,
      ),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Inspectors never approve; nobody approves their own request; the approver is another manager.
    expect(await approveOverride(w.t.store, w.actors.baotou, offBlack, {}, asOf)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await approveOverride(w.t.store, w.actors.jx, offBlack, {}, asOf)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const ok = await approveOverride(w.t.store, w.actors.analyst, offBlack, { note: '证据充分' }, asOf);
    expect(ok).toMatchObject({
      ok: true,
      value: { status: 'approved', decidedBy: 'analyst', decisionNote: '证据充分' },
    });
    expect(await approveOverride(w.t.store, w.actors.analyst2, offBlack, {}, asOf)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await listOf(TIANJIAO)).toEqual(['black', 'grey']);
    // After the expiry date the computed list is back in force.
    expect(await listOf(TIANJIAO, '2014-01-01')).toEqual(['black', 'black']);
  });

  it('refuses an analyst approving their own move onto the black list', async () => {
    const asOf = { asOf: TODAY };
    const req = await requestOverride(
      w.t.store,
      w.actors.analyst,
      { runId: w.runId, taxId: RUIXIN, list: 'black', reason: '票货分离，虚开嫌疑，移送税务' },
      asOf,
    );
    if (!req.ok) throw new Error(req.error.en);
    expect(req.value).toMatchObject({ status: 'pending', needsApproval: true, fromList: 'grey' });
    const own = await approveOverride(w.t.store, w.actors.analyst, req.value.id, {}, asOf);
    expect(own).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        en: 'Four eyes: you cannot approve your own request; another user must approve it',
      },
    });
    expect(await listOf(RUIXIN)).toEqual(['grey', 'grey']);
    expect(await rejectOverride(w.t.store, w.actors.baotou, req.value.id, { note: '不同意' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await approveOverride(w.t.store, w.actors.admin, req.value.id, {}, asOf)).toMatchObject({
      ok: true,
      value: { status: 'approved', decidedBy: 'admin' },
    });
    expect(await listOf(RUIXIN)).toEqual(['grey', 'black']);

    // Rejected and withdrawn requests change nothing.
    const second = await requestOverride(
      w.t.store,
      w.actors.im,
      { runId: w.runId, taxId: RUIXIN, list: 'white', reason: '已整改完毕，申请移出' },
      asOf,
    );
    if (!second.ok) throw new Error(second.error.en);
    expect(await rejectOverride(w.t.store, w.actors.analyst2, second.value.id, { note: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'note' },
    });
    expect(
      await rejectOverride(w.t.store, w.actors.analyst2, second.value.id, { note: '整改未验收' }),
    ).toMatchObject({
      ok: true,
      value: { status: 'rejected' },
    });
    const third = await requestOverride(
      w.t.store,
      w.actors.im,
      { runId: w.runId, taxId: RUIXIN, list: 'grey', reason: '申请降为灰名单' },
      asOf,
    );
    if (!third.ok) throw new Error(third.error.en);
    expect(await withdrawOverride(w.t.store, w.actors.baotou, third.value.id)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await withdrawOverride(w.t.store, w.actors.im, third.value.id)).toMatchObject({
      ok: true,
      value: { status: 'withdrawn' },
    });
    expect(await listOf(RUIXIN)).toEqual(['grey', 'black']);
  });

  it('applies other moves at once, superseding the override in force', async () => {
    const asOf = { asOf: TODAY };
    const up = await requestOverride(
      w.t.store,
      w.actors.baotou,
      { runId: w.runId, taxId: JINMENG, list: 'white', reason: '数据齐全，核实无异常' },
      asOf,
    );
    expect(up).toMatchObject({
      ok: true,
      value: { status: 'applied', needsApproval: false, decidedBy: 'baotou', inForce: true },
    });
    const back = await requestOverride(
      w.t.store,
      w.actors.im,
      { runId: w.runId, taxId: JINMENG, list: 'grey', reason: '补充材料不实，列入灰名单' },
      asOf,
    );
    expect(back).toMatchObject({ ok: true, value: { status: 'applied', fromList: 'white' } });
    expect(await listOf(JINMENG)).toEqual(['unrated', 'grey']);
    const history = await listOverrideViews(w.t.store, w.actors.analyst, {
      taxId: JINMENG,
      limit: 10,
      offset: 0,
    });
    expect(history.items.map((o) => [o.list, o.status])).toEqual([
      ['grey', 'applied'],
      ['white', 'superseded'],
    ]);
    // An inspector sees only the overrides of their regions.
    expect((await listOverrideViews(w.t.store, w.actors.jx, { limit: 50, offset: 0 })).total).toBe(0);
  });

  it('makes tasks from the governed list', async () => {
    const c = await createCampaign(w.t.store, w.actors.analyst, {
      name: '包头核查',
      periodFrom: '2013-11-01',
      periodTo: '2013-12-31',
      regions: ['150200'],
    });
    if (!c.ok) throw new Error(c.error.en);
    const r = await generateTasks(w.t.store, w.actors.analyst, c.value.id, { runId: w.runId, asOf: TODAY });
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.created.map((t) => [t.taxId, t.computedList, t.list, t.kind, t.dueDate])).toEqual([
      [RUIXIN, 'grey', 'black', 'onsite_inspection', '2013-12-01'],
      [TIANJIAO, 'black', 'grey', 'document_request', '2013-11-16'],
      [JINMENG, 'unrated', 'grey', 'document_request', '2013-11-16'],
    ]);
  });

  it('publishes a frozen, sealed list version and exports it', async () => {
    expect(await publishList(w.t.store, w.actors.im, { runId: w.runId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const pub = await publishList(w.t.store, w.actors.analyst, {
      runId: w.runId,
      title: '2013年稀土企业名单（第一批）',
      asOf: TODAY,
    });
    if (!pub.ok) throw new Error(pub.error.en);
    publicationId = pub.value.id;
    // 10 entries: 天骄 black→grey, 瑞鑫 grey→black, 金蒙 unrated→grey.
    expect(pub.value).toMatchObject({
      entries: 10,
      overrides: 3,
      counts: { black: 1, grey: 4, unrated: 5, white: 0 },
    });
    const frozen = await listPublicationEntries(w.t.store.db, publicationId);
    expect(publicationHash(w.runId, TODAY, frozen)).toBe(pub.value.sha256);

    // A later override changes the run's list in force, never the publication.
    const later = await requestOverride(
      w.t.store,
      w.actors.jx,
      { runId: w.runId, taxId: HENGYUAN, list: 'white', reason: '复核合格，移出灰名单' },
      { asOf: TODAY },
    );
    expect(later).toMatchObject({ ok: true, value: { status: 'applied' } });
    expect(await listOf(HENGYUAN)).toEqual(['grey', 'white']);
    const entries = await listPublicationEntryViews(w.t.store, w.actors.analyst, publicationId, {
      limit: 50,
      offset: 0,
    });
    expect(entries.ok && entries.value.items.find((e) => e.taxId === HENGYUAN)?.list).toBe('grey');
    expect(publicationHash(w.runId, TODAY, await listPublicationEntries(w.t.store.db, publicationId))).toBe(
      pub.value.sha256,
    );
    const imEntries = await listPublicationEntryViews(w.t.store, w.actors.im, publicationId, {
      limit: 50,
      offset: 0,
    });
    expect(imEntries.ok && imEntries.value.items.map((e) => [e.taxId, e.computedList, e.list])).toEqual([
      [RUIXIN, 'grey', 'black'],
      [TIANJIAO, 'black', 'grey'],
      [JINMENG, 'unrated', 'grey'],
      ['91150200701288887A', 'unrated', 'unrated'],
    ]);

    const csv = await exportPublication(w.t.store, w.actors.im, publicationId, 'csv', 'zh');
    if (!csv.ok) throw new Error(csv.error.en);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.value.bytes);
    expect(
      text.startsWith(
        '\ufeff统一社会信用代码,企业名称,行政区划代码,地区,企业类型,所属集团,计算名单,最终名单,是否调整,调整理由,调整有效期至,风险分,触发规则\r\n',
      ),
    ).toBe(true);
    expect(text.split('\r\n')[1]).toMatch(
      new RegExp(
        `^${RUIXIN},包头市瑞鑫稀土贸易有限公司,150200,内蒙古自治区 包头市,贸易、出口,,灰名单,黑名单,是,票货分离，虚开嫌疑，移送税务,,58\\.7,`,
      ),
    );
    expect(csv.value.rows).toBe(4);
    const xlsx = await exportRunList(w.t.store, w.actors.analyst, w.runId, 'xlsx', 'en', { asOf: TODAY });
    if (!xlsx.ok) throw new Error(xlsx.error.en);
    const book = openXlsx(xlsx.value.bytes);
    const rows: string[][] = [];
    book.readRows(book.sheetNames[0] ?? '', (_n, cells) =>
      rows.push(Array.from(cells, (c) => c?.text ?? '')),
    );
    expect(rows[0]?.slice(6, 10)).toEqual(['Computed list', 'List', 'Overridden', 'Override reason']);
    // The run's lists as of today: 恒源 is now white, 天骄 grey by the approved override.
    const row = (taxId: string) => rows.find((r) => r[0] === taxId)?.slice(6, 11);
    expect(row(HENGYUAN)).toEqual(['Grey', 'White', 'yes', '复核合格，移出灰名单', '']);
    expect(row(TIANJIAO)).toEqual([
      'Black',
      'Grey',
      'yes',
      '现场核实：200吨系2012年合法库存，有入库单',
      '2013-12-31',
    ]);
    expect(rows).toHaveLength(11);
    expect(xlsx.value.rows).toBe(10);
    expect(await exportRunList(w.t.store, w.actors.analyst, 999, 'csv', 'zh')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('records appeals against a publication with their outcome', async () => {
    expect(
      await fileAppeal(w.t.store, w.actors.jx, publicationId, {
        taxId: RUIXIN,
        filedOn: '2013-11-05',
        grounds: '企业认为证据不足',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await fileAppeal(w.t.store, w.actors.baotou, publicationId, {
        taxId: KENINGDA,
        filedOn: '2013-11-05',
        grounds: '企业认为证据不足',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await fileAppeal(w.t.store, w.actors.baotou, publicationId, {
        taxId: RUIXIN,
        filedOn: '2013-10-01',
        grounds: '企业认为证据不足',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'filedOn' } });
    const a = await fileAppeal(w.t.store, w.actors.baotou, publicationId, {
      taxId: RUIXIN,
      filedOn: '2013-11-05',
      grounds: '企业提交了采购合同与运输单据，认为不应列入黑名单',
    });
    if (!a.ok) throw new Error(a.error.en);
    expect(a.value).toMatchObject({
      status: 'pending',
      list: 'black',
      filedBy: 'baotou',
      name: '包头市瑞鑫稀土贸易有限公司',
    });
    expect(
      await fileAppeal(w.t.store, w.actors.im, publicationId, {
        taxId: RUIXIN,
        filedOn: '2013-11-06',
        grounds: '重复提交的申诉',
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await decideAppeal(w.t.store, w.actors.baotou, a.value.id, { outcome: 'upheld', note: '同意' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await decideAppeal(w.t.store, w.actors.analyst2, a.value.id, { outcome: 'maybe', note: '同意' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'outcome' },
    });
    expect(
      await decideAppeal(w.t.store, w.actors.analyst2, a.value.id, {
        outcome: 'dismissed',
        note: '运输单据与发票不符',
      }),
    ).toMatchObject({
      ok: true,
      value: { status: 'dismissed', decidedBy: 'analyst2', outcomeNote: '运输单据与发票不符' },
    });
    expect(
      await decideAppeal(w.t.store, w.actors.analyst, a.value.id, { outcome: 'upheld', note: '改判' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await listAppealViews(w.t.store, w.actors.jx, { limit: 10, offset: 0 })).total).toBe(0);
    expect(
      (await listAppealViews(w.t.store, w.actors.im, { publicationId, limit: 10, offset: 0 })).items,
    ).toHaveLength(1);
  });

  it('audits every decision and export in an intact chain', async () => {
    expect((await verifyAudit(w.t.store)).ok).toBe(true);
    const rows = await w.t.store.db
      .selectFrom('auditLog')
      .select(['action', 'actor', 'subject'])
      .orderBy('id')
      .execute();
    const actions = rows.map((r) => r.action);
    for (const a of [
      'override.request',
      'override.approve',
      'override.reject',
      'override.withdraw',
      'override.apply',
      'task.generate',
      'publication.create',
      'export.publication',
      'export.list',
      'appeal.file',
      'appeal.decide',
    ])
      expect(actions, a).toContain(a);
    expect(
      rows.find((r) => r.action === 'override.approve' && r.subject === `override:${offBlack}`)?.actor,
    ).toBe('analyst');
  });
});
