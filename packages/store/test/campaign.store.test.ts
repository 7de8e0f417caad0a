// The campaign tables and repositories on SQLite and PostgreSQL (house rule 6): which declared
// opening stock is in force, frozen publication entries in a stable order, attachments' bytes
// round-tripping exactly, money as integer fen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '../src/testing.ts';
import { createTestStore, storeKinds } from '../src/testing.ts';
import type { NewRegistration } from '../src/index.ts';
import {
  getAttachment,
  insertAttachment,
  insertCampaign,
  insertFinding,
  insertPublication,
  insertRegistration,
  insertTasks,
  listDeclaredOpeningStocks,
  listFindings,
  listPublicationEntries,
  updateRegistration,
} from '../src/index.ts';

const NOW = '2013-08-15T00:00:00.000Z';

function registration(
  campaignId: number,
  taxId: string,
  over: Partial<NewRegistration> = {},
): NewRegistration {
  return {
    campaignId,
    taxId,
    name: taxId,
    region: '150200',
    status: 'registered',
    licences: '[]',
    capacityKg: null,
    openingStockKg: null,
    openingStockDate: null,
    openingStockComposition: null,
    contactName: null,
    contactPhone: null,
    contactEmail: null,
    address: null,
    notes: null,
    source: 'manual',
    registeredAt: NOW,
    registeredBy: 'test',
    verifiedAt: null,
    verifiedBy: null,
    updatedAt: NOW,
    updatedBy: 'test',
    ...over,
  };
}

describe.each(storeKinds())('campaign repositories on %s', (kind) => {
  let t: TestStore;
  let a: number;
  let b: number;
  beforeEach(async () => {
    t = await createTestStore(kind);
    const campaign = (name: string) => ({
      name,
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
      regions: '',
      roles: '',
      measures: '{}',
      description: '',
      status: 'active',
      createdAt: NOW,
      createdBy: 'test',
      updatedAt: NOW,
    });
    a = await insertCampaign(t.store.db, campaign('A'));
    b = await insertCampaign(t.store.db, campaign('B'));
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('puts a verified declaration before a later registered one, then the latest change', async () => {
    await insertRegistration(
      t.store.db,
      registration(a, 'X1', {
        status: 'verified',
        openingStockKg: 250_000,
        updatedAt: '2013-08-20T00:00:00.000Z',
      }),
    );
    await insertRegistration(
      t.store.db,
      registration(b, 'X1', { openingStockKg: 300_000, updatedAt: '2013-09-01T00:00:00.000Z' }),
    );
    await insertRegistration(
      t.store.db,
      registration(a, 'X2', { openingStockKg: 1_000.5, updatedAt: '2013-08-20T00:00:00.000Z' }),
    );
    const later = await insertRegistration(
      t.store.db,
      registration(b, 'X2', {
        openingStockKg: 2_000,
        openingStockComposition: '{"Dy":0.1}',
        updatedAt: '2013-08-21T00:00:00.000Z',
      }),
    );
    // No declared stock: not a declaration.
    await insertRegistration(t.store.db, registration(a, 'X3', { status: 'verified' }));
    expect(
      (await listDeclaredOpeningStocks(t.store.db)).map((d) => [
        d.taxId,
        d.campaignId,
        d.status,
        d.openingStockKg,
        d.composition,
      ]),
    ).toEqual([
      ['X1', a, 'verified', 250_000, null],
      ['X2', b, 'registered', 2_000, '{"Dy":0.1}'],
    ]);
    await updateRegistration(t.store.db, later, { openingStockKg: null });
    expect((await listDeclaredOpeningStocks(t.store.db)).find((d) => d.taxId === 'X2')?.openingStockKg).toBe(
      1_000.5,
    );
    await expect(insertRegistration(t.store.db, registration(a, 'X1'))).rejects.toThrow();
  });

  it('keeps findings’ penalties as exact integer fen and attachments byte for byte', async () => {
    const [taskId] = await insertTasks(t.store.db, [
      {
        campaignId: a,
        runId: 1,
        taxId: 'X1',
        name: 'X1',
        region: '150200',
        computedList: 'black',
        list: 'black',
        score: 98.3,
        kind: 'onsite_inspection',
        measures: '[]',
        dueDate: '2013-09-14',
        assignee: null,
        status: 'open',
        outcome: null,
        createdAt: NOW,
        createdBy: 'test',
        updatedAt: NOW,
        closedAt: null,
      },
    ]);
    if (taskId === undefined) throw new Error('no task id');
    // 90,071,992,547,409.91 CNY: the largest whole number of fen a double holds exactly.
    await insertFinding(t.store.db, {
      taskId,
      violationKind: 'other',
      description: 'x',
      seizedKg: 19_000.001,
      penaltyFen: 9_007_199_254_740_991,
      licenceAction: 'none',
      recordedAt: NOW,
      recordedBy: 'test',
    });
    expect((await listFindings(t.store.db, [taskId])).map((f) => [f.penaltyFen, f.seizedKg])).toEqual([
      [9_007_199_254_740_991, 19_000.001],
    ]);
    const bytes = new Uint8Array(256).map((_, i) => i);
    const id = await insertAttachment(t.store.db, {
      taskId,
      fileName: 'all-bytes.bin',
      contentType: 'application/pdf',
      sizeBytes: 256,
      sha256: 'x',
      data: bytes,
      uploadedAt: NOW,
      uploadedBy: 'test',
    });
    expect((await getAttachment(t.store.db, id))?.data).toEqual(bytes);
  });

  it('returns a publication’s frozen entries in taxpayer-ID order', async () => {
    const entry = (taxId: string, list: string) => ({
      taxId,
      name: taxId,
      region: null,
      roles: '',
      groupName: null,
      computedList: list,
      list,
      score: 1,
      rules: '',
      overrideId: null,
      overrideReason: null,
      overrideExpiresOn: null,
    });
    const id = await t.store.transaction((tx) =>
      insertPublication(
        tx.db,
        {
          runId: 1,
          title: 't',
          asOf: '2013-11-01',
          entries: 3,
          counts: '{}',
          overrides: 0,
          sha256: 'x',
          publishedAt: NOW,
          publishedBy: 'test',
        },
        [entry('B', 'white'), entry('C', 'black'), entry('A', 'grey')],
      ),
    );
    expect((await listPublicationEntries(t.store.db, id)).map((e) => e.taxId)).toEqual(['A', 'B', 'C']);
  });
});
