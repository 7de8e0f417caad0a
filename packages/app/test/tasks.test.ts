// Inspection tasks from a run's lists: measures and deadlines, regional assignment, the status
// workflow, findings (kg seized, penalties in fen, licence actions) and attachments (size, type,
// SHA-256) — through the use cases, on SQLite and PostgreSQL.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '@oresight/store/testing';
import type { TaskView } from '../src/index.ts';
import {
  MAX_ATTACHMENT_BYTES,
  addAttachment,
  createCampaign,
  generateTasks,
  getAttachmentFile,
  getTaskDetail,
  listTaskViews,
  pickInspector,
  recordFinding,
  setTaskStatus,
  updateTaskPlan,
  verifyAudit,
} from '../src/index.ts';
import type { CampaignWorld } from './campaign-world.ts';
import { HENGYUAN, RUIXIN, TIANJIAO, createCampaignWorld } from './campaign-world.ts';

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe('pickInspector', () => {
  it('prefers the narrowest covering region, then the lightest load, then the name', () => {
    const inspectors = [
      { username: 'im', regions: ['150000'] },
      { username: 'baotou', regions: ['150200'] },
      { username: 'baotou2', regions: ['150200', '360000'] },
    ];
    expect(pickInspector('150203', inspectors, new Map())).toBe('baotou');
    expect(pickInspector('150203', inspectors, new Map([['baotou', 2]]))).toBe('baotou2');
    expect(pickInspector('150600', inspectors, new Map())).toBe('im');
    expect(pickInspector('330200', inspectors, new Map())).toBeUndefined();
    expect(pickInspector(null, inspectors, new Map())).toBeUndefined();
  });
});

describe.each(storeKinds())('inspection tasks on %s', (kind) => {
  let w: CampaignWorld;
  let campaignId: number;
  let tasks: readonly TaskView[];
  const task = (taxId: string) => {
    const t = tasks.find((x) => x.taxId === taxId);
    if (!t) throw new Error(`no task for ${taxId}`);
    return t;
  };
  beforeAll(async () => {
    w = await createCampaignWorld(kind);
    const c = await createCampaign(w.t.store, w.actors.analyst, {
      name: '打击稀土违法违规行为专项行动',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
      regions: ['150000', '360000'],
    });
    if (!c.ok) throw new Error(c.error.en);
    campaignId = c.value.id;
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('generates tasks from the lists with the campaign’s measures, assigned to regional inspectors', async () => {
    expect(await generateTasks(w.t.store, w.actors.im, campaignId, { runId: w.runId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await generateTasks(w.t.store, w.actors.analyst, campaignId, { runId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const r = await generateTasks(w.t.store, w.actors.analyst, campaignId, {
      runId: w.runId,
      asOf: '2013-08-15',
    });
    if (!r.ok) throw new Error(r.error.en);
    tasks = r.value.created;
    // Black 天骄 first, then grey by score: 瑞鑫 58.7, 恒源 25. The grey Ningbo magnet maker is
    // outside the campaign's regions.
    expect(tasks.map((t) => [t.taxId, t.list, t.kind, t.dueDate, t.assignee, t.status])).toEqual([
      [TIANJIAO, 'black', 'onsite_inspection', '2013-09-14', 'baotou', 'open'],
      [RUIXIN, 'grey', 'document_request', '2013-08-30', 'baotou', 'open'],
      [HENGYUAN, 'grey', 'document_request', '2013-08-30', 'jx', 'open'],
    ]);
    expect(task(TIANJIAO).measures[0]).toEqual({
      zh: '30日内现场检查',
      en: 'On-site inspection within 30 days',
    });
    expect(r.value).toMatchObject({
      skippedExisting: 0,
      unassigned: 0,
      byList: { black: 1, grey: 2, white: 0, unrated: 0 },
    });
    const again = await generateTasks(w.t.store, w.actors.analyst, campaignId, {
      runId: w.runId,
      asOf: '2013-08-16',
    });
    expect(again).toMatchObject({ ok: true, value: { created: [], skippedExisting: 3 } });
  });

  it('shows each inspector only the tasks of their regions', async () => {
    const ids = async (who: keyof CampaignWorld['actors']) =>
      (await listTaskViews(w.t.store, w.actors[who], { limit: 50, offset: 0 })).items.map((t) => t.taxId);
    // By deadline: the document request (08-30) before the on-site inspection (09-14).
    expect(await ids('baotou')).toEqual([RUIXIN, TIANJIAO]);
    expect((await ids('im')).sort()).toEqual([RUIXIN, TIANJIAO].sort());
    expect(await ids('jx')).toEqual([HENGYUAN]);
    expect(await ids('viewer')).toHaveLength(3);
    expect(await getTaskDetail(w.t.store, w.actors.jx, task(TIANJIAO).id)).toBeUndefined();
    const byList = await listTaskViews(w.t.store, w.actors.analyst, { list: 'black', limit: 50, offset: 0 });
    expect(byList.items.map((t) => t.taxId)).toEqual([TIANJIAO]);
  });

  it('runs the workflow open → in_progress → findings_recorded → closed and nothing else', async () => {
    const id = task(TIANJIAO).id;
    expect(await setTaskStatus(w.t.store, w.actors.jx, id, { status: 'in_progress' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await setTaskStatus(w.t.store, w.actors.viewer, id, { status: 'in_progress' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await setTaskStatus(w.t.store, w.actors.baotou, id, { status: 'closed', outcome: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', en: 'A task cannot go from open to closed (the next step is in_progress)' },
    });
    expect(
      await recordFinding(w.t.store, w.actors.baotou, id, {
        violationKind: 'none',
        description: '未发现问题',
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await setTaskStatus(w.t.store, w.actors.baotou, id, { status: 'in_progress' })).toMatchObject({
      ok: true,
      value: { status: 'in_progress' },
    });
    expect(
      await setTaskStatus(w.t.store, w.actors.baotou, id, { status: 'findings_recorded' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', en: 'Record a finding first' },
    });
    expect(
      await recordFinding(w.t.store, w.actors.baotou, id, {
        violationKind: 'unexplained_source',
        description: '销售氧化镨钕 200 吨，无法说明原料来源',
        seizedKg: 19_000.0004,
        penaltyFen: 123_456_789,
        licenceAction: 'suspension',
      }),
    ).toMatchObject({
      ok: true,
      value: {
        finding: {
          seizedKg: 19_000,
          penaltyFen: 123_456_789,
          penaltyCny: '1234567.89',
          licenceAction: 'suspension',
        },
        task: { status: 'findings_recorded' },
      },
    });
    // The province inspector may work the Baotou task too.
    expect(
      await recordFinding(w.t.store, w.actors.im, id, {
        violationKind: 'false_invoicing',
        description: '虚开发票 5 份',
        penaltyFen: 1,
      }),
    ).toMatchObject({ ok: true, value: { task: { status: 'findings_recorded' } } });
    expect(
      await recordFinding(w.t.store, w.actors.im, id, { violationKind: 'smuggling', description: 'x y' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'violationKind' } });
    expect(
      await recordFinding(w.t.store, w.actors.im, id, {
        violationKind: 'other',
        description: '罚款',
        penaltyFen: 1.5,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'penaltyFen' } });
    expect(await setTaskStatus(w.t.store, w.actors.baotou, id, { status: 'closed' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'outcome' },
    });
    expect(
      await setTaskStatus(w.t.store, w.actors.baotou, id, {
        status: 'closed',
        outcome: '责令停产整顿，移送公安',
      }),
    ).toMatchObject({ ok: true, value: { status: 'closed', outcome: '责令停产整顿，移送公安' } });
    expect(await setTaskStatus(w.t.store, w.actors.baotou, id, { status: 'open' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(
      await recordFinding(w.t.store, w.actors.baotou, id, { violationKind: 'other', description: '补充' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const detail = await getTaskDetail(w.t.store, w.actors.im, id);
    expect(detail?.findings.map((f) => [f.violationKind, f.penaltyFen])).toEqual([
      ['unexplained_source', 123_456_789],
      ['false_invoicing', 1],
    ]);
    expect(detail?.history.map((h) => h.action)).toEqual([
      'task.create',
      'task.status',
      'task.finding',
      'task.status',
      'task.finding',
      'task.status',
    ]);
  });

  it('lets managers reassign within the enterprise’s regions and move deadlines', async () => {
    const id = task(RUIXIN).id;
    expect(await updateTaskPlan(w.t.store, w.actors.baotou, id, { assignee: 'im' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await updateTaskPlan(w.t.store, w.actors.analyst, id, { assignee: 'jx' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'assignee' },
    });
    expect(await updateTaskPlan(w.t.store, w.actors.analyst, id, { assignee: 'viewer' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'assignee' },
    });
    expect(
      await updateTaskPlan(w.t.store, w.actors.analyst, id, { assignee: 'im', dueDate: '2013-09-05' }),
    ).toMatchObject({ ok: true, value: { assignee: 'im', dueDate: '2013-09-05' } });
  });

  it('stores attachments hashed, size-limited and of checked types', async () => {
    const id = task(RUIXIN).id;
    const added = await addAttachment(w.t.store, w.actors.baotou, id, {
      fileName: 'C:\\现场\\照片 "1".png',
      contentType: 'image/png',
      bytes: PNG,
    });
    if (!added.ok) throw new Error(added.error.en);
    expect(added.value).toMatchObject({
      fileName: '照片 _1_.png',
      contentType: 'image/png',
      sizeBytes: 16,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const back = await getAttachmentFile(w.t.store, w.actors.im, id, added.value.id);
    expect(back?.data).toEqual(PNG);
    expect(await getAttachmentFile(w.t.store, w.actors.jx, id, added.value.id)).toBeUndefined();
    expect(
      await getAttachmentFile(w.t.store, w.actors.im, task(TIANJIAO).id, added.value.id),
    ).toBeUndefined();
    // The extension decides when the client sends no type; a PDF must start with %PDF-.
    const pdf = await addAttachment(w.t.store, w.actors.baotou, id, {
      fileName: 'contract.pdf',
      bytes: new TextEncoder().encode('%PDF-1.4\n%…'),
    });
    expect(pdf).toMatchObject({ ok: true, value: { contentType: 'application/pdf' } });
    expect(
      await addAttachment(w.t.store, w.actors.baotou, id, {
        fileName: 'x.png',
        contentType: 'image/png',
        bytes: new TextEncoder().encode('%PDF-1.4'),
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'unsupported_media_type',
        en: 'The file\'s content does not match its type "image/png"',
      },
    });
    expect(
      await addAttachment(w.t.store, w.actors.baotou, id, {
        fileName: 'run.exe',
        contentType: 'application/x-msdownload',
        bytes: PNG,
      }),
    ).toMatchObject({ ok: false, error: { code: 'unsupported_media_type' } });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PNG);
    expect(
      await addAttachment(w.t.store, w.actors.baotou, id, {
        fileName: 'big.png',
        contentType: 'image/png',
        bytes: big,
      }),
    ).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(
      await addAttachment(w.t.store, w.actors.viewer, id, {
        fileName: 'a.png',
        contentType: 'image/png',
        bytes: PNG,
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await addAttachment(w.t.store, w.actors.baotou, task(TIANJIAO).id, {
        fileName: 'a.png',
        contentType: 'image/png',
        bytes: PNG,
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      (await getTaskDetail(w.t.store, w.actors.analyst, id))?.attachments.map((a) => a.fileName),
    ).toEqual(['照片 _1_.png', 'contract.pdf']);
    expect((await verifyAudit(w.t.store)).ok).toBe(true);
  });
});
