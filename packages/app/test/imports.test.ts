// The import use case against real fixture files, on SQLite and PostgreSQL.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { LineFlag } from '@oresight/core/domain';
import { importFile, listBatches, listRejects, loadDataset, summarizeStore } from '../src/index.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');
const inv = (name: string) => join(FIXTURES, 'invoices', name);
const reg = (name: string) => join(FIXTURES, 'registry', name);

describe.each(storeKinds())('imports on %s', (kind) => {
  let t: TestStore;
  let dir: string;
  beforeEach(async () => {
    t = await createTestStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'oresight-imports-'));
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the GBK tax-bureau export exactly, once', async () => {
    const first = await importFile(t.store, inv('tax-bureau-export.gbk.csv'), { kind: 'invoices' });
    expect(first).toMatchObject({
      status: 'committed',
      encoding: 'gb18030',
      rowsRead: 40,
      accepted: 40,
      rejected: 0,
      duplicate: 0,
    });
    expect(first.flagCounts).toEqual({ VOIDED: 1, RED: 1, ORDINARY_INVOICE: 1 });
    const summary = await summarizeStore(t.store);
    expect(summary.invoiceLines).toBe(40);
    expect(summary.voidedLines).toBe(1);
    // Totals over all 40 lines (fixtures/README.md) minus the voided line.
    const all = summary.byProduct.reduce(
      (s, p) => ({ lines: s.lines + p.lines, kg: s.kg + p.kg, reoKg: s.reoKg + p.reoKg }),
      { lines: 0, kg: 0, reoKg: 0 },
    );
    expect(all.lines).toBe(39);

    const again = await importFile(t.store, inv('tax-bureau-export.gbk.csv'), { kind: 'invoices' });
    expect(again).toMatchObject({ status: 'already_imported', batchId: first.batchId });

    // The same lines in another file (same bytes, other name, plus a trailing blank line) add nothing.
    const copy = join(dir, 'renamed.csv');
    writeFileSync(copy, Buffer.concat([readFileSync(inv('tax-bureau-export.gbk.csv')), Buffer.from('\r\n')]));
    const dup = await importFile(t.store, copy, { kind: 'invoices' });
    expect(dup).toMatchObject({ status: 'committed', accepted: 0, duplicate: 40 });
    expect((await summarizeStore(t.store)).invoiceLines).toBe(40);
    expect(await summarizeStore(t.store)).toEqual(summary);
  });

  it('refuses a file with bad rows as a whole, and records why', async () => {
    const out = await importFile(t.store, inv('bad-rows.csv'), { kind: 'invoices' });
    expect(out).toMatchObject({ status: 'rejected', rowsRead: 14, accepted: 0, rejected: 7 });
    expect(out.issues.map((i) => [i.row, i.code])).toEqual([
      [3, 'missing_value'],
      [4, 'bad_number'],
      [5, 'bad_date'],
      [6, 'unknown_unit'],
      [7, 'bad_tax_id'],
      [8, 'bad_date'],
      [8, 'missing_value'],
    ]);
    expect((await summarizeStore(t.store)).invoiceLines).toBe(0);
    const batches = await listBatches(t.store.db);
    expect(batches.items.map((b) => b.status)).toEqual(['rejected']);
    const rejects = await listRejects(t.store.db, { batchId: out.batchId ?? -1 });
    expect(rejects.total).toBe(7);
    expect(rejects.items[0]).toMatchObject({
      source: 'bad-rows.csv',
      rowNo: 3,
      columnName: '销方名称',
      code: 'missing_value',
    });
    expect(rejects.items[0]?.messageZh).toMatch(/必填/);
    expect(rejects.items[0]?.messageEn).toMatch(/required/);
  });

  it('lands good rows and keeps bad ones with --skip-invalid', async () => {
    const out = await importFile(t.store, inv('bad-rows.csv'), { kind: 'invoices', skipInvalid: true });
    expect(out).toMatchObject({ status: 'committed', accepted: 8, rejected: 7 });
    expect(out.flagCounts).toMatchObject({
      AMOUNT_MISMATCH: 1,
      VAT_RATE_NOT_IN_FORCE: 1,
      SELLER_TAX_ID_CHECK: 1,
      ITEM_UNMATCHED: 1,
      REFERENCE_MANGLED: 1,
      UNIT_NOT_ALLOWED: 1,
    });
    expect((await summarizeStore(t.store)).invoiceLines).toBe(8);
    expect((await listRejects(t.store.db, { batchId: out.batchId ?? -1 })).total).toBe(7);
  });

  it('rejects a file missing a required column before reading any row', async () => {
    const out = await importFile(t.store, inv('missing-column.csv'), { kind: 'invoices' });
    expect(out.status).toBe('rejected');
    expect(out.fatal).toMatchObject({ code: 'missing_column' });
    expect(out.fatal?.zh).toContain('单价');
  });

  it('names a path that is not there and writes nothing', async () => {
    await expect(importFile(t.store, inv('no-such-export.csv'), { kind: 'invoices' })).rejects.toThrow(
      /cannot read .*no-such-export\.csv: no such file or folder/,
    );
    expect(await t.store.db.selectFrom('importBatches').select('id').execute()).toEqual([]);
  });

  it('dry-runs: reports everything, writes nothing', async () => {
    const out = await importFile(t.store, inv('tax-bureau-export.gbk.csv'), {
      kind: 'invoices',
      dryRun: true,
    });
    expect(out).toMatchObject({ status: 'dry_run', accepted: 40 });
    expect((await summarizeStore(t.store)).invoiceLines).toBe(0);
    expect((await listBatches(t.store.db)).total).toBe(0);
  });

  it('imports e-invoice XML files, folders and zips; the same invoice twice is a duplicate', async () => {
    expect(await importFile(t.store, inv('einvoices'), { kind: 'invoices' })).toMatchObject({
      status: 'committed',
      accepted: 4,
    });
    expect(await importFile(t.store, inv('einvoices.zip'), { kind: 'invoices' })).toMatchObject({
      status: 'committed',
      accepted: 0,
      duplicate: 4,
    });
    expect(await importFile(t.store, inv('einvoice-blue.xml'), { kind: 'invoices' })).toMatchObject({
      accepted: 2,
    });
    expect(await importFile(t.store, inv('excel-serial-dates.xlsx'), { kind: 'invoices' })).toMatchObject({
      accepted: 5,
    });
  });

  it('links red-letter lines to their originals, also when the original arrives later', async () => {
    // The red invoice first: its original is not in the store yet.
    const red = await importFile(t.store, inv('einvoice-red.xml'), { kind: 'invoices' });
    expect(red.flagCounts).toMatchObject({ RED: 2, RED_WITHOUT_ORIGINAL: 2 });
    const period = { from: '2025-01-01', to: '2025-12-31' };
    let { dataset } = await loadDataset(t.store, period);
    expect(Array.from(dataset.lines.flags).every((f) => (f & LineFlag.RED_WITHOUT_ORIGINAL) !== 0)).toBe(
      true,
    );
    // The blue original arrives: the red lines are linked and exactly cancel it.
    await importFile(t.store, inv('einvoice-blue.xml'), { kind: 'invoices' });
    ({ dataset } = await loadDataset(t.store, period));
    expect(dataset.lines.count).toBe(4);
    expect(
      Array.from(dataset.lines.flags).some(
        (f) => (f & (LineFlag.RED_WITHOUT_ORIGINAL | LineFlag.RED_EXCEEDS_ORIGINAL)) !== 0,
      ),
    ).toBe(false);
    const net = Array.from(dataset.lines.reoKg).reduce((a, b) => a + b, 0);
    expect(net).toBeCloseTo(0, 9);
  });

  it('loads a Dataset whose sums equal the SQL summary', async () => {
    await importFile(t.store, inv('tax-bureau-export.gbk.csv'), { kind: 'invoices' });
    await importFile(t.store, reg('enterprises.gbk.csv'), { kind: 'enterprises' });
    const { dataset } = await loadDataset(t.store, { from: '2013-01-01', to: '2013-12-31' });
    const summary = await summarizeStore(t.store);
    let reo = 0;
    let kg = 0;
    for (let i = 0; i < dataset.lines.count; i++) {
      if ((dataset.lines.flags[i] ?? 0) & LineFlag.VOIDED) continue;
      reo += dataset.lines.reoKg[i] ?? 0;
      kg += dataset.lines.kg[i] ?? 0;
    }
    expect(reo).toBeCloseTo(
      summary.byProduct.reduce((s, p) => s + p.reoKg, 0),
      6,
    );
    expect(kg).toBeCloseTo(
      summary.byProduct.reduce((s, p) => s + p.kg, 0),
      6,
    );
    expect(dataset.enterprises.filter((e) => e.registered)).toHaveLength(10);
    expect(dataset.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('imports the registry, quotas and prices; re-importing changes nothing', async () => {
    expect(await importFile(t.store, reg('enterprises.gbk.csv'), { kind: 'enterprises' })).toMatchObject({
      status: 'committed',
      accepted: 10,
    });
    expect(await importFile(t.store, reg('enterprises.xlsx'), { kind: 'enterprises' })).toMatchObject({
      status: 'committed',
    });
    expect(await importFile(t.store, reg('quotas.csv'), { kind: 'quotas' })).toMatchObject({
      status: 'committed',
      accepted: 7,
    });
    expect(await importFile(t.store, reg('prices.csv'), { kind: 'prices' })).toMatchObject({
      status: 'committed',
      accepted: 11,
    });
    const copy = join(dir, 'quotas-again.csv');
    copyFileSync(reg('quotas.csv'), copy);
    writeFileSync(copy, `${readFileSync(copy, 'utf8')}\n`);
    expect(await importFile(t.store, copy, { kind: 'quotas' })).toMatchObject({
      status: 'committed',
      accepted: 0,
      duplicate: 7,
    });
  });
});
