import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '../src/testing.ts';
import { createTestStore, storeKinds } from '../src/testing.ts';
import type { LineChunk, LineWriter, StoreTransaction, WrittenChunk } from '../src/index.ts';
import type { InvoiceLineTable } from '../src/schema.ts';
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
import { migrateToLatest } from '../src/index.ts';

type InvoiceLineInsert = Omit<InvoiceLineTable, 'id' | 'invoiceId' | 'itemId'>;

/**
 * A writer that takes plain rows: encodes them into LineChunks the way the import does (each
 * invoice and item once, by ref; refs stable across chunks), so store tests stay independent.
 */
function rowWriter(tx: StoreTransaction): {
  write(rows: InvoiceLineInsert[]): Promise<WrittenChunk & { idList: (number | null)[] }>;
} {
  const writer: LineWriter = createLineWriter(tx);
  const invoices = new Map<string, number>();
  const items = new Map<string, number>();
  let next = 0;
  return {
    async write(rows) {
      const chunk: { -readonly [K in keyof LineChunk]: LineChunk[K] } = {
        batchId: rows[0]?.batchId ?? 1,
        invoices: [],
        items: [],
        count: rows.length,
        invoiceRef: new Int32Array(rows.length),
        itemRef: new Int32Array(rows.length),
        lineNo: Int32Array.from(rows, (r) => r.lineNo),
        rowNo: Int32Array.from(rows, (r) => r.rowNo),
        flags: Int32Array.from(rows, (r) => r.flags),
        amountFen: Float64Array.from(rows, (r) => r.amountFen),
        taxFen: Float64Array.from(rows, (r) => r.taxFen),
        totalFen: Float64Array.from(rows, (r) => r.totalFen ?? Number.NaN),
        taxRate: Float64Array.from(rows, (r) => r.taxRate ?? Number.NaN),
        kg: Float64Array.from(rows, (r) => r.kg),
        reoKg: Float64Array.from(rows, (r) => r.reoKg),
        quantity: rows.map((r) => r.quantity),
        unitPrice: rows.map((r) => r.unitPrice),
        minLiveRef: 0,
      };
      const newInvoices = chunk.invoices as LineChunk['invoices'][number][];
      const newItems = chunk.items as LineChunk['items'][number][];
      rows.forEach((r, i) => {
        let inv = invoices.get(r.invoiceKey);
        if (inv === undefined) {
          inv = next++;
          invoices.set(r.invoiceKey, inv);
          newInvoices.push({ ...r, ref: inv });
        }
        const key = `${r.itemName}|${r.specification}|${r.unit}|${r.taxCode}`;
        let item = items.get(key);
        if (item === undefined) {
          item = next++;
          items.set(key, item);
          newItems.push({ ...r, ref: item });
        }
        chunk.invoiceRef[i] = inv;
        chunk.itemRef[i] = item;
      });
      const written = await writer.write(chunk);
      return { ...written, idList: Array.from(written.ids, (id) => (Number.isNaN(id) ? null : id)) };
    },
  };
}

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
      const w = rowWriter(tx);
      const first = await w.write([line('K1', 1), line('K1', 2), line('K1', 1)]);
      const second = await w.write([
        line('K1', 2),
        line('K2', 1, { amountFen: -57692308, quantity: '-2.5', kg: -2500, reoKg: -2475 }),
      ]);
      return [...first.idList, ...second.idList];
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

  it('keeps one header per invoice and flags lines whose invoice was stored with another header', async () => {
    await t.store.transaction((tx) => rowWriter(tx).write([line('K9', 1), line('K9', 2)]));
    // A later import brings a third line of K9 with another buyer: the stored header stands.
    const later = await t.store.transaction((tx) =>
      rowWriter(tx).write([line('K9', 3, { buyerTaxId: '91360700MA000000YY', batchId: 2 })]),
    );
    expect([...later.storedHeaders.values()].map((h) => h.buyerTaxId)).toEqual(['91360700MA000000XX']);
    const rows = await t.store.db
      .selectFrom('invoiceLines')
      .selectAll()
      .where('invoiceKey', '=', 'K9')
      .orderBy('lineNo')
      .execute();
    expect(rows.map((r) => [r.lineNo, r.buyerTaxId, r.flags, r.batchId])).toEqual([
      [1, '91360700MA000000XX', 0, 1],
      [2, '91360700MA000000XX', 0, 1],
      [3, '91360700MA000000XX', 1 << 16, 2],
    ]);
    // Items are shared: three lines, one distinct item.
    expect(await t.store.db.selectFrom('invoiceItems').selectAll().execute()).toHaveLength(1);
  });

  it('migration 0005 carries one-table lines over with their ids', async () => {
    // A second, fresh store taken only to 0004, filled the old way, then migrated.
    const fresh = kind === 'sqlite' ? await createTestStore('sqlite') : undefined;
    const target = fresh ?? t;
    try {
      await sql`drop view invoice_lines`.execute(target.store.db);
      for (const table of ['invoice_line_rows', 'invoice_items', 'invoices'])
        await sql.raw(`drop table ${table}`).execute(target.store.db);
      await sql`delete from kysely_migration where name = '0005-normalized-lines'`.execute(target.store.db);
      await sql
        .raw(
          `create table invoice_lines (id ${kind === 'postgres' ? 'bigint generated by default as identity primary key' : 'integer primary key autoincrement'}, batch_id bigint not null, source text not null, row_no integer not null, invoice_key text not null, line_no integer not null, invoice_code text, invoice_number text, e_invoice_number text, issue_date text not null, seller_tax_id text not null, seller_name text not null, buyer_tax_id text not null, buyer_name text not null, tax_code text, special_business text, item_name text not null, specification text, unit text not null, quantity text not null, unit_price text not null, amount_fen bigint not null, tax_rate double precision, tax_fen bigint not null, total_fen bigint, invoice_kind text, status text not null, original_invoice_key text, remark text, product_id text, kg double precision not null, reo_kg double precision not null, flags integer not null)`,
        )
        .execute(target.store.db);
      const old = [
        line('A', 1),
        line('A', 2, { itemName: '*稀土冶炼分离产品*氧化镝', productId: 'oxide-dy' }),
        line('B', 1, { specification: null, originalInvoiceKey: 'A' }),
      ];
      for (const [i, r] of old.entries())
        await target.store.db
          .insertInto('invoiceLines' as never)
          .values({ ...r, id: 10 + i } as never)
          .execute();
      await migrateToLatest(target.store.db);
      const rows = await target.store.db
        .selectFrom('invoiceLines')
        .select([
          'id',
          'invoiceKey',
          'lineNo',
          'itemName',
          'productId',
          'specification',
          'originalInvoiceKey',
          'amountFen',
        ])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        {
          id: 10,
          invoiceKey: 'A',
          lineNo: 1,
          itemName: '*稀土冶炼分离产品*氧化镨钕',
          productId: 'oxide-prnd',
          specification: 'TREO≥99%',
          originalInvoiceKey: null,
          amountFen: 57692308,
        },
        {
          id: 11,
          invoiceKey: 'A',
          lineNo: 2,
          itemName: '*稀土冶炼分离产品*氧化镝',
          productId: 'oxide-dy',
          specification: 'TREO≥99%',
          originalInvoiceKey: null,
          amountFen: 57692308,
        },
        {
          id: 12,
          invoiceKey: 'B',
          lineNo: 1,
          itemName: '*稀土冶炼分离产品*氧化镨钕',
          productId: 'oxide-prnd',
          specification: null,
          originalInvoiceKey: 'A',
          amountFen: 57692308,
        },
      ]);
      // New lines get ids after the carried-over ones.
      const next = await target.store.transaction((tx) => rowWriter(tx).write([line('C', 1)]));
      expect(next.idList[0]).toBeGreaterThan(12);
    } finally {
      await fresh?.dispose();
    }
  });

  it('rolls back everything when the transaction fails', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await insertBatch(tx.db, batch);
        await rowWriter(tx).write([line('K1', 1)]);
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
