import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '../src/testing.ts';
import { createTestStore, storeKinds } from '../src/testing.ts';
import type { InvoiceLineInsert } from '../src/index.ts';
import {
  appendAudit,
  createLineWriter,
  findCommittedBatch,
  getBlueInvoiceTotals,
  insertBatch,
  insertPrices,
  insertQuotas,
  listAllEnterprises,
  listQuotas,
  summarizeByProduct,
  upsertEnterprises,
  verifyAuditChain,
} from '../src/index.ts';
import { sql } from 'kysely';

function line(key: string, lineNo: number, over: Partial<InvoiceLineInsert> = {}): InvoiceLineInsert {
  return {
    batchId: 1,
    source: 'a.csv',
    rowNo: lineNo + 1,
    invoiceKey: key,
    lineNo,
    invoiceCode: '1500123456',
    invoiceNumber: '00000001',
    eInvoiceNumber: null,
    issueDate: '2013-08-15',
    sellerTaxId: '91150200MA0000000X',
    sellerName: '包头市某稀土有限公司',
    buyerTaxId: '91360700MA000000XX',
    buyerName: '赣州\t某\\稀土\n有限公司',
    taxCode: null,
    specialBusiness: '稀土',
    itemName: '*稀土冶炼分离产品*氧化镨钕',
    specification: 'TREO≥99%',
    unit: 't',
    quantity: '2.5',
    unitPrice: '230769.23',
    amountFen: 57692308,
    taxRate: 0.17,
    taxFen: 9807692,
    totalFen: 67500000,
    invoiceKind: '增值税专用发票',
    status: 'normal',
    originalInvoiceKey: null,
    remark: null,
    productId: 'oxide-prnd',
    kg: 2500,
    reoKg: 2475,
    flags: 0,
    ...over,
  };
}

const batch = {
  kind: 'invoices',
  fileName: 'a.csv',
  sha256: 'abc',
  sizeBytes: 10,
  format: 'csv',
  encoding: 'gb18030',
  status: 'committed',
  rowsRead: 0,
  accepted: 0,
  rejected: 0,
  duplicate: 0,
  updated: 0,
  userName: null,
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  options: '{}',
  summary: '{}',
};

describe.each(storeKinds())('store on %s', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore(kind);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('writes lines once: the same identity again is a duplicate, and text survives exactly', async () => {
    const ids = await t.store.transaction(async (tx) => {
      const w = createLineWriter(tx);
      const first = await w.write([line('K1', 1), line('K1', 2), line('K1', 1)]);
      const second = await w.write([
        line('K1', 2),
        line('K2', 1, { amountFen: -57692308, quantity: '-2.5', kg: -2500, reoKg: -2475 }),
      ]);
      return [...first, ...second];
    });
    expect(ids.map((i) => i !== null)).toEqual([true, true, false, false, true]);
    const rows = await t.store.db.selectFrom('invoiceLines').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(3);
    expect(rows[0]?.buyerName).toBe('赣州\t某\\稀土\n有限公司');
    expect(rows[0]?.amountFen).toBe(57692308);
    expect(typeof rows[0]?.amountFen).toBe('number');
    const summary = await summarizeByProduct(t.store.db);
    expect(summary).toEqual([
      { productId: 'oxide-prnd', lines: 3, kg: 2500, reoKg: 2475, amountFen: 57692308 },
    ]);
    const totals = await getBlueInvoiceTotals(t.store.db, ['K1', 'K2', 'K3']);
    expect(totals.get('K1')).toEqual({ invoiceKey: 'K1', blueAmountFen: 115384616, blueKg: 5000, lines: 2 });
    expect(totals.has('K2')).toBe(false);
  });

  it('rolls back everything when the transaction fails', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await insertBatch(tx.db, batch);
        await createLineWriter(tx).write([line('K1', 1)]);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await t.store.db.selectFrom('invoiceLines').selectAll().execute()).toHaveLength(0);
    expect(await findCommittedBatch(t.store.db, 'invoices', 'abc')).toBeUndefined();
  });

  it('keeps one committed batch per file hash', async () => {
    await insertBatch(t.store.db, batch);
    await insertBatch(t.store.db, { ...batch, status: 'rejected' });
    await expect(insertBatch(t.store.db, batch)).rejects.toThrow();
    expect((await findCommittedBatch(t.store.db, 'invoices', 'abc'))?.status).toBe('committed');
  });

  it('upserts enterprises and counts changes', async () => {
    const e = {
      taxId: 'T1',
      name: 'A',
      roles: 'mining',
      region: '150200',
      groupName: null,
      miningLicence: null,
      founded: null,
      deregistered: null,
      openingStockKg: null,
      extra: '{}',
      flags: 0,
    };
    expect(await upsertEnterprises(t.store.db, [e, { ...e, taxId: 'T2' }], 1)).toEqual({
      inserted: 2,
      updated: 0,
      duplicate: 0,
    });
    expect(await upsertEnterprises(t.store.db, [e, { ...e, taxId: 'T2', name: 'B' }], 2)).toEqual({
      inserted: 0,
      updated: 1,
      duplicate: 1,
    });
    expect((await listAllEnterprises(t.store.db)).map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('dedupes quotas and prices by their identity', async () => {
    const q = { year: 2013, quotaBatch: '', taxId: 'T1', groupName: '', kind: 'separation', kg: 1e6 };
    expect(await insertQuotas(t.store.db, [q, { ...q, kind: 'mining_rock' }], 1)).toEqual({
      inserted: 2,
      duplicate: 0,
    });
    expect(await insertQuotas(t.store.db, [q], 2)).toEqual({ inserted: 0, duplicate: 1 });
    expect(await listQuotas(t.store.db, { year: 2013 })).toHaveLength(2);
    const p = {
      date: '2013-08-15',
      productId: 'oxide-prnd',
      price: 370000,
      unit: 'CNY/t',
      vatIncluded: 1,
      source: '',
    };
    expect(await insertPrices(t.store.db, [p, p], 1)).toEqual({ inserted: 1, duplicate: 1 });
  });

  it('chains the audit log and detects tampering, deletion and truncation', async () => {
    for (let i = 0; i < 5; i++)
      await t.store.transaction((tx) =>
        appendAudit(tx, { actor: 'admin', action: 'test', subject: `s${i}`, details: { i } }),
      );
    expect(await verifyAuditChain(t.store.db)).toEqual({ ok: true, entries: 5 });
    await sql`update audit_log set details = '{"i":99}' where id = 3`.execute(t.store.db);
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: false, brokenAt: 3 });
    await sql`update audit_log set details = '{"i":2}' where id = 3`.execute(t.store.db);
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true });
    await sql`delete from audit_log where id = 5`.execute(t.store.db);
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: false, brokenAt: 5 });
    await sql`delete from audit_log where id = 2`.execute(t.store.db);
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
