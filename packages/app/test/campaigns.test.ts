// Campaigns, registration (single, bulk CSV/XLSX), progress by region, and declared opening
// stocks feeding the mass balance — through the use cases, on SQLite and PostgreSQL.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXlsxWriter, xlsxDate } from '@oresight/core/formats';
import { storeKinds } from '@oresight/store/testing';
import {
  createCampaign,
  getCampaignRegistration,
  importRegistrations,
  listCampaignRegistrations,
  listCampaignViews,
  loadDataset,
  loadDeclaredStocks,
  parseCompositionText,
  registrationProgress,
  runInspection,
  tonnesTextToKg,
  updateCampaign,
  upsertRegistration,
  verifyAudit,
  verifyRegistration,
} from '../src/index.ts';
import type { CampaignWorld } from './campaign-world.ts';
import {
  FANGXING,
  HENGYUAN,
  HONGJIN,
  JINMENG,
  KENINGDA,
  PERIOD,
  RUIXIN,
  TIANJIAO,
  createCampaignWorld,
} from './campaign-world.ts';

describe('registration values', () => {
  it('converts tonnes text to kg exactly and reads compositions as people write them', () => {
    expect(tonnesTextToKg('1,250.5')).toBe(1_250_500);
    expect(tonnesTextToKg('0.0004')).toBe(0.4);
    expect(tonnesTextToKg('0.0000004')).toBe(0); // below a gram
    expect(tonnesTextToKg('３００')).toBe(300_000);
    expect(tonnesTextToKg('两百')).toBeUndefined();
    expect(parseCompositionText('Pr:25%;Nd:75%')).toEqual({ ok: true, value: { Pr: 0.25, Nd: 0.75 } });
    expect(parseCompositionText('镝 5%，铽：0.01')).toEqual({ ok: true, value: { Tb: 0.01, Dy: 0.05 } });
    expect(parseCompositionText('Dy:0.7;Tb:0.4')).toMatchObject({
      ok: false,
      en: 'The shares sum to 1.1, more than 1',
    });
    expect(parseCompositionText('Xx:0.1')).toMatchObject({ ok: false });
  });
});

describe.each(storeKinds())('campaigns and registration on %s', (kind) => {
  let w: CampaignWorld;
  let campaignId: number;
  beforeAll(async () => {
    w = await createCampaignWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('lets managers create and edit campaigns, and nobody else', async () => {
    const denied = await createCampaign(w.t.store, w.actors.im, {
      name: 'x',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
    });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await createCampaign(w.t.store, w.actors.analyst, {
      name: '稀土专项整治',
      periodFrom: '2013-11-15',
      periodTo: '2013-08-15',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid', field: 'periodTo' } });
    const created = await createCampaign(w.t.store, w.actors.analyst, {
      name: '打击稀土违法违规行为专项行动',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
      regions: ['150000', '360000'],
      measures: { grey: { dueDays: 10 } },
    });
    if (!created.ok) throw new Error(created.error.en);
    campaignId = created.value.id;
    expect(created.value.measures.grey).toMatchObject({ task: 'document_request', dueDays: 10 });
    expect(created.value.measures.black).toMatchObject({ task: 'onsite_inspection', dueDays: 30 });
    expect(created.value.regions.map((r) => r.code)).toEqual(['150000', '360000']);

    const badMeasures = await updateCampaign(w.t.store, w.actors.analyst, campaignId, {
      measures: { black: { task: 'raid', dueDays: 0 } },
    });
    expect(badMeasures).toMatchObject({ ok: false, error: { code: 'invalid' } });
    if (badMeasures.ok) return;
    expect(badMeasures.error.details).toEqual([
      'black.task: must be null or one of onsite_inspection, document_request, desk_review, data_collection, routine_check',
      'black.dueDays: must be a whole number of days from 1 to 3650',
    ]);
    const edited = await updateCampaign(w.t.store, w.actors.analyst, campaignId, {
      measures: { grey: { dueDays: 15 } },
    });
    expect(edited.ok && edited.value.measures.grey.dueDays).toBe(15);

    // A campaign in Guangdong only is not shown to an Inner Mongolia inspector.
    await createCampaign(w.t.store, w.actors.admin, {
      name: '广东专项',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
      regions: ['440000'],
    });
    expect(
      (await listCampaignViews(w.t.store, w.actors.im, { limit: 10, offset: 0 })).items.map((c) => c.name),
    ).toEqual(['打击稀土违法违规行为专项行动']);
    expect((await listCampaignViews(w.t.store, w.actors.viewer, { limit: 10, offset: 0 })).total).toBe(2);
  });

  it('lists the enterprises in scope, cut to the reader’s regions, with progress by region', async () => {
    const all = await listCampaignRegistrations(w.t.store, w.actors.analyst, campaignId, {
      limit: 100,
      offset: 0,
    });
    if (!all.ok) throw new Error(all.error.en);
    // Registry enterprises of Inner Mongolia and Jiangxi; not Ningbo, not Liangshan.
    expect(all.value.total).toBe(8);
    expect(all.value.items.map((i) => i.taxId)).not.toContain(KENINGDA);
    expect(all.value.items.map((i) => i.taxId)).not.toContain(FANGXING);
    expect(all.value.items.every((i) => i.status === 'not_registered')).toBe(true);
    const im = await listCampaignRegistrations(w.t.store, w.actors.im, campaignId, { limit: 100, offset: 0 });
    expect(im.ok && im.value.items.map((i) => i.taxId)).toEqual([
      '91150200058673312Q',
      '911502007012888877',
      '91150200701288887A',
      '91150200761066880T',
    ]);
    const progress = await registrationProgress(w.t.store, w.actors.analyst, campaignId);
    expect(progress.ok && progress.value.regions.map((r) => [r.region, r.inScope, r.notRegistered])).toEqual([
      ['150000', 4, 4],
      ['360000', 4, 4],
    ]);
  });

  it('registers in the inspector’s regions only; a change needs verifying again', async () => {
    const outside = await upsertRegistration(w.t.store, w.actors.jx, campaignId, TIANJIAO, {
      openingStockKg: 1,
    });
    expect(outside).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const notInCampaign = await upsertRegistration(w.t.store, w.actors.analyst, campaignId, KENINGDA, {});
    expect(notInCampaign).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const viewer = await upsertRegistration(w.t.store, w.actors.viewer, campaignId, TIANJIAO, {});
    expect(viewer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const invalid = await upsertRegistration(w.t.store, w.actors.baotou, campaignId, TIANJIAO, {
      openingStockKg: -5,
      contactEmail: 'nope',
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid', field: 'openingStockKg' } });

    const r = await upsertRegistration(w.t.store, w.actors.baotou, campaignId, TIANJIAO, {
      licences: [{ kind: '安全生产许可证', number: '(蒙)FM安许证字[2012]0001', validUntil: '2015-12-31' }],
      capacityKg: 500_000,
      openingStockKg: 300_000.0004,
      openingStockDate: '2013-08-15',
      openingStockComposition: { Nd: 0.75, Pr: 0.25 },
      contactName: '李主任',
    });
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value).toMatchObject({
      action: 'created',
      registration: {
        status: 'registered',
        openingStockKg: 300_000,
        openingStockComposition: { Pr: 0.25, Nd: 0.75 },
        registeredBy: 'baotou',
        region: '150200',
      },
    });
    const verified = await verifyRegistration(w.t.store, w.actors.im, campaignId, TIANJIAO);
    expect(verified).toMatchObject({ ok: true, value: { status: 'verified', verifiedBy: 'im' } });
    const same = await upsertRegistration(w.t.store, w.actors.baotou, campaignId, TIANJIAO, {
      contactName: '李主任',
    });
    expect(same).toMatchObject({
      ok: true,
      value: { action: 'unchanged', registration: { status: 'verified' } },
    });
    const changed = await upsertRegistration(w.t.store, w.actors.baotou, campaignId, TIANJIAO, {
      contactPhone: '0472-5550001',
    });
    expect(changed).toMatchObject({
      ok: true,
      value: {
        action: 'updated',
        registration: { status: 'registered', verifiedBy: null, contactName: '李主任' },
      },
    });
    expect(await getCampaignRegistration(w.t.store, w.actors.jx, campaignId, TIANJIAO)).toBeUndefined();
    expect(await getCampaignRegistration(w.t.store, w.actors.im, campaignId, TIANJIAO)).toMatchObject({
      status: 'registered',
      registration: { capacityKg: 500_000 },
    });
  });

  it('imports a registration table all or nothing, reporting each bad row', async () => {
    const csv = [
      '统一社会信用代码,企业名称,登记状态,采矿许可证号,产能(吨REO/年),期初库存(吨REO),库存日期,库存元素构成,联系人,联系电话',
      `${JINMENG},包头市金蒙稀土有限责任公司,已登记,,"5,000",1250.5,2013-08-15,Pr:25%;Nd:75%,王经理,0472-1234567`,
      `${RUIXIN},,已核实,,,0,2013/8/15,,,`,
      `${KENINGDA},宁波市科宁达磁业有限公司,,,,,,,,`,
      `${HONGJIN},,,,,两百,,,,`,
      `${JINMENG},,,,,,,,,`,
    ].join('\r\n');
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
    const strict = await importRegistrations(w.t.store, w.actors.analyst, campaignId, {
      bytes,
      fileName: '登记表.csv',
    });
    if (!strict.ok) throw new Error(strict.error.en);
    expect(strict.value).toMatchObject({ status: 'rejected', rowsRead: 5, accepted: 0, rejected: 3 });
    expect(strict.value.issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [4, '统一社会信用代码 / tax_id', KENINGDA, 'not_in_scope'],
      [5, '期初库存(吨REO) / opening_stock_t', '两百', 'bad_number'],
      [6, '统一社会信用代码 / tax_id', JINMENG, 'duplicate_row'],
    ]);
    expect(strict.value.issues[1]).toMatchObject({ source: '登记表.csv', zh: '“两百”不是有效数字（吨）' });
    expect(await getCampaignRegistration(w.t.store, w.actors.analyst, campaignId, JINMENG)).toMatchObject({
      status: 'not_registered',
    });

    const lenient = await importRegistrations(w.t.store, w.actors.analyst, campaignId, {
      bytes,
      fileName: '登记表.csv',
      skipInvalid: true,
    });
    expect(lenient).toMatchObject({
      ok: true,
      value: { status: 'committed', accepted: 2, created: 2, rejected: 3 },
    });
    expect(await getCampaignRegistration(w.t.store, w.actors.analyst, campaignId, JINMENG)).toMatchObject({
      status: 'registered',
      registration: {
        capacityKg: 5_000_000,
        openingStockKg: 1_250_500,
        openingStockComposition: { Pr: 0.25, Nd: 0.75 },
        contactName: '王经理',
        source: 'file:登记表.csv',
      },
    });
    expect(await getCampaignRegistration(w.t.store, w.actors.analyst, campaignId, RUIXIN)).toMatchObject({
      status: 'verified',
      registration: { openingStockKg: 0, openingStockDate: '2013-08-15' },
    });

    // An inspector's file: rows outside their regions are rejected like unknown enterprises.
    const xlsx: Uint8Array[] = [];
    const writer = createXlsxWriter({ onChunk: (c) => xlsx.push(c) });
    writer.addRow(['Tax ID', 'Name', 'Opening stock', 'Stock date', 'Contact']);
    writer.addRow([HENGYUAN, '赣州市恒源稀土综合利用有限公司', '12', xlsxDate('2013-08-16'), '刘工']);
    writer.addRow([JINMENG, '', '1', xlsxDate('2013-08-16'), '']);
    writer.finish();
    const file = new Uint8Array(Buffer.concat(xlsx));
    writeFileSync(join(w.dir, 'jx.xlsx'), file);
    const jx = await importRegistrations(w.t.store, w.actors.jx, campaignId, {
      bytes: file,
      fileName: 'jx.xlsx',
      skipInvalid: true,
    });
    if (!jx.ok) throw new Error(jx.error.en);
    expect(jx.value).toMatchObject({ status: 'committed', accepted: 1, rejected: 1 });
    expect(jx.value.issues.map((i) => [i.row, i.code])).toEqual([[3, 'not_in_scope']]);
    expect(await getCampaignRegistration(w.t.store, w.actors.jx, campaignId, HENGYUAN)).toMatchObject({
      registration: { openingStockKg: 12_000, openingStockDate: '2013-08-16', registeredBy: 'jx' },
    });

    const progress = await registrationProgress(w.t.store, w.actors.analyst, campaignId);
    expect(
      progress.ok &&
        progress.value.regions.map((r) => [r.region, r.inScope, r.notRegistered, r.registered, r.verified]),
    ).toEqual([
      ['150000', 4, 1, 2, 1],
      ['360000', 4, 3, 1, 0],
    ]);
    expect(progress.ok && progress.value.total).toMatchObject({
      inScope: 8,
      registeredShare: 0.5,
      verifiedShare: 0.125,
    });
    const byCity = await registrationProgress(w.t.store, w.actors.jx, campaignId, 'city');
    expect(byCity.ok && byCity.value.regions.map((r) => [r.region, r.inScope])).toEqual([['360700', 4]]);
  });

  it('feeds the declared opening stock into the mass balance (verified before registered) and the fingerprint', async () => {
    const first = await runInspection(w.t.store, { period: PERIOD });
    // 天骄 registered 300 t in this campaign: capacity 300,000 + 0.96 × 17,550 bought = 316,848 kg.
    const t1 = first.result.enterprises.find((e) => e.taxId === TIANJIAO);
    expect(t1?.signals).toMatchObject({ openingStockKg: 300_000, capacityKg: 316_848, unexplainedKg: 0 });
    expect(t1?.list).not.toBe('black');
    const { dataset } = await loadDataset(w.t.store, PERIOD);
    expect(dataset.enterprises.find((e) => e.taxId === TIANJIAO)?.openingStockComposition).toEqual({
      Pr: 0.25,
      Nd: 0.75,
    });
    // Jinmeng declared the registry's own figure; 瑞鑫 declared 0 t (registry: none).
    expect(dataset.enterprises.find((e) => e.taxId === JINMENG)?.openingStockKg).toBe(1_250_500);

    // A second campaign verifies 250 t: a verified declaration wins over a later, merely registered one.
    const other = await createCampaign(w.t.store, w.actors.admin, {
      name: '包头复查',
      periodFrom: '2013-09-01',
      periodTo: '2013-12-31',
      regions: ['150200'],
    });
    if (!other.ok) throw new Error(other.error.en);
    const v = await upsertRegistration(w.t.store, w.actors.baotou, other.value.id, TIANJIAO, {
      openingStockKg: 250_000,
      status: 'verified',
    });
    expect(v).toMatchObject({
      ok: true,
      value: { registration: { status: 'verified', verifiedBy: 'baotou' } },
    });
    await upsertRegistration(w.t.store, w.actors.baotou, campaignId, TIANJIAO, { notes: '复核中' });
    expect((await loadDeclaredStocks(w.t.store)).byTaxId.get(TIANJIAO)).toEqual({
      kg: 250_000,
      composition: null,
    });
    const second = await runInspection(w.t.store, { period: PERIOD });
    expect(second.result.enterprises.find((e) => e.taxId === TIANJIAO)?.signals).toMatchObject({
      openingStockKg: 250_000,
      capacityKg: 266_848,
    });
    expect(new Set([w.runId, first.runId, second.runId]).size).toBe(3);
    const fingerprints = [first.result.dataset.fingerprint, second.result.dataset.fingerprint];
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
    // The same store content gives the same fingerprint (a run is reproducible from it).
    expect((await runInspection(w.t.store, { period: PERIOD })).result.dataset.fingerprint).toBe(
      fingerprints[1],
    );
  });

  it('keeps the audit chain intact through all of it', async () => {
    const v = await verifyAudit(w.t.store);
    expect(v.ok).toBe(true);
    const actions = (await w.t.store.db.selectFrom('auditLog').select('action').execute()).map(
      (r) => r.action,
    );
    for (const a of [
      'campaign.create',
      'campaign.update',
      'registration.create',
      'registration.verify',
      'registration.update',
      'registration.import',
      'inspection.run',
    ])
      expect(actions).toContain(a);
  });
});
