// The catalogue as data the user extends (issue 2), and `rederive` applying it to stored lines,
// on SQLite and PostgreSQL: an item name outside the catalogue is imported unmatched, an alias
// override maps it to a product, and rederive moves its lines — REO kg, flags, summary, segments,
// the inspection's Dataset — to that product, atomically and idempotently.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineFlag } from '@oresight/core/domain';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import type { Actor } from '../src/index.ts';
import {
  importFile,
  listEffectiveCatalogue,
  loadDataset,
  rederive,
  removeCatalogueOverride,
  setCatalogueOverrides,
  setCatalogueOverridesFromFile,
  summarizeStore,
  unwrap,
} from '../src/index.ts';

const ADMIN: Actor = { id: 0, username: 'analyst-wang', role: 'analyst', regions: [] };
const VIEWER: Actor = { id: 9, username: 'viewer-li', role: 'viewer', regions: [] };
const PERIOD = { from: '2013-01-01', to: '2013-12-31' };
const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

// Four lines on three invoices, 2013-08-15, 17% VAT. 稀土抛光液 (polishing slurry) is not in the
// shipped catalogue: lines 1–3 arrive ITEM_UNMATCHED with no product and 0 REO kg.
//  1: *稀土冶炼分离产品*稀土抛光液, REO≥35%, 2 t   → 2000 kg; its prefix names separation products
//  2: *再生稀土*稀土抛光液, 500 kg, special invoice → 500 kg
//  3: *再生稀土*稀土抛光液, 100 kg, ordinary invoice (增值税普通发票) → 100 kg (same item as line 2)
//  4: *稀土冶炼分离产品*氧化镨钕, TREO≥99%, 1 t     → oxide-prnd, 1000 kg, 990 REO kg (untouched)
const CSV = [
  '发票代码,发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,规格型号,单位,数量,单价,金额,税率,税额,价税合计,发票票种',
  '1500131140,00880001,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*稀土冶炼分离产品*稀土抛光液,REO≥35%,吨,2,10000,20000.00,17%,3400.00,23400.00,增值税专用发票',
  '1500131140,00880001,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*再生稀土*稀土抛光液,,公斤,500,8,4000.00,17%,680.00,4680.00,增值税专用发票',
  '1500131140,00880002,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*再生稀土*稀土抛光液,,公斤,100,8,800.00,17%,136.00,936.00,增值税普通发票',
  '1500131140,00880003,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,1,230769.23,230769.23,17%,39230.77,270000.00,增值税专用发票',
].join('\r\n');

/** Maps 稀土抛光液 to the shipped spent polishing powder (0.40 kg REO per kg, specOverride), keeping its aliases. */
const ALIAS = { id: 'recycled-polishing-powder', aliases: ['抛光粉废料', '稀土抛光粉废料', '稀土抛光液'] };

describe.each(storeKinds())('catalogue overrides and rederive on %s', (kind) => {
  let t: TestStore;
  let dir: string;
  let batchId: number;

  const lines = async () =>
    (
      await t.store.db
        .selectFrom('invoiceLines')
        .select(['id', 'itemName', 'productId', 'kg', 'reoKg', 'flags'])
        .orderBy('id')
        .execute()
    ).map((l) => ({ ...l, id: Number(l.id) }));
  const segments = async () =>
    (await t.store.db.selectFrom('lineSegments').selectAll().orderBy('batchId').orderBy('seq').execute()).map(
      (s) => ({
        ...s,
        id: Number(s.id),
        batchId: Number(s.batchId),
        data: Buffer.from(s.data).toString('hex'),
      }),
    );
  const auditActions = async () =>
    (await t.store.db.selectFrom('auditLog').select('action').orderBy('id').execute()).map((a) => a.action);
  /** Everything rederive may touch, to compare before and after. */
  const snapshot = async () => ({
    lines: await lines(),
    items: await t.store.db.selectFrom('invoiceItems').selectAll().orderBy('id').execute(),
    segments: (await segments()).map(({ id: _id, ...s }) => s),
    summary: await summarizeStore(t.store),
  });

  beforeEach(async () => {
    t = await createTestStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'oresight-catalogue-'));
    const file = join(dir, 'polishing.csv');
    writeFileSync(file, CSV);
    const out = await importFile(t.store, file, { kind: 'invoices' });
    expect(out).toMatchObject({ status: 'committed', accepted: 4 });
    expect(out.flagCounts).toEqual({ ITEM_UNMATCHED: 3 });
    batchId = out.batchId ?? -1;
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps an unmatched item by an alias override; rederive moves its lines to the product', async () => {
    const before = await snapshot();
    expect(before.lines.map((l) => [l.productId, l.kg, l.reoKg, l.flags])).toEqual([
      [null, 2000, 0, LineFlag.ITEM_UNMATCHED],
      [null, 500, 0, LineFlag.ITEM_UNMATCHED],
      [null, 100, 0, LineFlag.ITEM_UNMATCHED],
      ['oxide-prnd', 1000, 990, 0],
    ]);
    // NULL sorts first on SQLite, last on PostgreSQL: compare by product.
    const byProduct = (rows: typeof before.summary.byProduct) =>
      [...rows].sort((a, b) => (a.productId ?? '').localeCompare(b.productId ?? ''));
    expect(byProduct(before.summary.byProduct).map((p) => [p.productId, p.lines, p.kg, p.reoKg])).toEqual([
      [null, 3, 2600, 0],
      ['oxide-prnd', 1, 1000, 990],
    ]);
    const fingerprintBefore = (await loadDataset(t.store, PERIOD)).dataset.fingerprint;

    const set = unwrap(await setCatalogueOverrides(t.store, ADMIN, ALIAS));
    expect(set).toEqual({ saved: [{ id: ALIAS.id, kind: 'shipped', replaced: false }], warnings: [] });
    const effective = await listEffectiveCatalogue(t.store);
    expect(effective.find((p) => p.id === ALIAS.id)).toMatchObject({
      status: 'overridden',
      overriddenFields: ['aliases'],
      aliases: ALIAS.aliases,
      changedBy: 'analyst-wang',
    });
    expect(effective.find((p) => p.id === 'oxide-prnd')).toMatchObject({
      status: 'shipped',
      changedBy: null,
    });
    // Setting the catalogue changes no stored line: that is rederive's job.
    expect(await snapshot()).toEqual(before);

    // A dry run reports what would change and writes nothing.
    const preview = unwrap(await rederive(t.store, ADMIN, { dryRun: true }));
    expect(await snapshot()).toEqual(before);
    expect(preview).toMatchObject({ dryRun: true, linesChanged: 3, itemsRematched: 2, segmentsRebuilt: 1 });

    const phases = new Set<string>();
    const done = unwrap(
      await rederive(t.store, ADMIN, { pageSize: 2, onProgress: (p) => phases.add(p.phase) }),
    );
    expect([...phases]).toEqual(['items', 'lines', 'segments']);
    // REO kg by hand: 2000 kg × 35% (the specification overrides the typical 40%) = 700;
    // 500 × 0.40 = 200; 100 × 0.40 = 40. Σ 940.
    expect(done).toMatchObject({
      dryRun: false,
      itemsChecked: 3,
      itemsRematched: 2,
      rematched: [
        { itemName: '*再生稀土*稀土抛光液', specification: null, from: null, to: ALIAS.id, lines: 2 },
        {
          itemName: '*稀土冶炼分离产品*稀土抛光液',
          specification: 'REO≥35%',
          from: null,
          to: ALIAS.id,
          lines: 1,
        },
      ],
      linesChecked: 4,
      linesChanged: 3,
      reoKgDelta: 940,
      flags: {
        ITEM_UNMATCHED: { set: 0, cleared: 3 },
        PREFIX_MISMATCH: { set: 1, cleared: 0 },
        ORDINARY_INVOICE: { set: 1, cleared: 0 },
      },
      batchesAffected: [batchId],
      segmentsRebuilt: 1,
    });
    const { durationMs: _a, dryRun: _b, ...previewCounts } = preview;
    const { durationMs: _c, dryRun: _d, ...doneCounts } = done;
    expect(previewCounts).toEqual(doneCounts);

    const after = await snapshot();
    expect(after.lines.map((l) => [l.productId, l.kg, l.reoKg, l.flags])).toEqual([
      // The `*稀土冶炼分离产品*` prefix names a separation product, the alias a recycled one.
      [ALIAS.id, 2000, 700, LineFlag.PREFIX_MISMATCH],
      [ALIAS.id, 500, 200, 0],
      // A rare earth product on an ordinary invoice (STA 2012 No. 17: special invoices only).
      [ALIAS.id, 100, 40, LineFlag.ORDINARY_INVOICE],
      ['oxide-prnd', 1000, 990, 0],
    ]);
    expect(
      byProduct(after.summary.byProduct).map((p) => [p.productId, p.name, p.lines, p.kg, p.reoKg]),
    ).toEqual([
      ['oxide-prnd', '氧化镨钕', 1, 1000, 990],
      [ALIAS.id, '废稀土抛光粉', 3, 2600, 940],
    ]);
    expect(after.summary.invoiceLines).toBe(before.summary.invoiceLines);

    // A freshly loaded Dataset (from the rebuilt segments) sees the product and the new figures.
    const { dataset } = await loadDataset(t.store, PERIOD);
    const product = dataset.products.findIndex((p) => p.id === ALIAS.id);
    expect(product).toBeGreaterThanOrEqual(0);
    const byId = new Map(Array.from(dataset.lines.id, (id, i) => [id, i]));
    const seen = after.lines.map((l) => {
      const i = byId.get(l.id) ?? -1;
      return [dataset.lines.product[i], dataset.lines.kg[i], dataset.lines.reoKg[i], dataset.lines.flags[i]];
    });
    expect(seen.slice(0, 3)).toEqual([
      [product, 2000, 700, LineFlag.PREFIX_MISMATCH],
      [product, 500, 200, 0],
      [product, 100, 40, LineFlag.ORDINARY_INVOICE],
    ]);
    // The data changed, so the fingerprint does (runs are reproducible from it).
    expect(dataset.fingerprint).not.toBe(fingerprintBefore);
    expect(await auditActions()).toEqual(['import.commit', 'catalogue.set', 'catalogue.rederive']);

    // Twice changes nothing the second time.
    const again = unwrap(await rederive(t.store, ADMIN));
    expect(again).toMatchObject({
      itemsRematched: 0,
      linesChanged: 0,
      batchesAffected: [],
      segmentsRebuilt: 0,
    });
    expect(await snapshot()).toEqual(after);
    expect((await loadDataset(t.store, PERIOD)).dataset.fingerprint).toBe(dataset.fingerprint);

    // Removing the override and re-deriving restores the lines and the segments as imported.
    expect(unwrap(await removeCatalogueOverride(t.store, ADMIN, ALIAS.id))).toMatchObject({
      kind: 'shipped',
    });
    expect(unwrap(await rederive(t.store, ADMIN))).toMatchObject({ itemsRematched: 2, linesChanged: 3 });
    const restored = await snapshot();
    expect(restored.lines).toEqual(before.lines);
    expect(restored.summary).toEqual(before.summary);
    expect(restored.segments).toEqual(before.segments);
  });

  it('refuses an import that meets an item stored under another product until rederive has run', async () => {
    unwrap(await setCatalogueOverrides(t.store, ADMIN, ALIAS));
    // The same item names again, in a new invoice: the catalogue now matches them, the stored items do not.
    const again = join(dir, 'again.csv');
    writeFileSync(again, CSV.replaceAll('0088000', '0099000'));
    const before = await snapshot();
    await expect(importFile(t.store, again, { kind: 'invoices' })).rejects.toThrow(
      /stored as product \(none\) but the catalogue now gives recycled-polishing-powder.*oresight rederive/,
    );
    expect(await snapshot()).toEqual(before);

    unwrap(await rederive(t.store, ADMIN, {}));
    const out = await importFile(t.store, again, { kind: 'invoices' });
    expect(out).toMatchObject({ status: 'committed', accepted: 4 });
    // As the re-derived lines: line 1's prefix names separation products, line 3 is on an ordinary invoice.
    expect(out.flagCounts).toEqual({ PREFIX_MISMATCH: 1, ORDINARY_INVOICE: 1 });
    const products = (await lines()).map((l) => l.productId);
    expect(products.slice(4)).toEqual(products.slice(0, 4));
  });

  it('changes nothing right after importing the real-format fixtures (the import derives the same way)', async () => {
    // Oxides, REO-basis ore, carbonate with REO≥42%, DyFe Dy≥80%, scrap, a fee, an ordinary
    // invoice, red-letter and voided lines, e-invoices.
    for (const name of [
      'tax-bureau-export.gbk.csv',
      'export-utf8-bom.csv',
      'english-headers.csv',
      'einvoices',
    ])
      expect((await importFile(t.store, join(FIXTURES, 'invoices', name), { kind: 'invoices' })).status).toBe(
        'committed',
      );
    const before = await snapshot();
    const r = unwrap(await rederive(t.store, ADMIN, { allSegments: true }));
    expect(r).toMatchObject({ itemsRematched: 0, linesChanged: 0, segmentsRebuilt: 5 });
    expect(r.linesChecked).toBe(before.lines.length);
    expect(await snapshot()).toEqual(before);

    // A later batch brings the unmatched item too: only the two batches holding it get new segments.
    const later = join(dir, 'later.csv');
    writeFileSync(later, CSV.replaceAll('0088000', '0099000'));
    const laterBatch = (await importFile(t.store, later, { kind: 'invoices' })).batchId ?? -1;
    const untouched = (await segments()).filter(
      (seg) => seg.batchId !== batchId && seg.batchId !== laterBatch,
    );
    unwrap(await setCatalogueOverrides(t.store, ADMIN, ALIAS));
    expect(unwrap(await rederive(t.store, ADMIN))).toMatchObject({
      linesChanged: 6,
      batchesAffected: [batchId, laterBatch],
      segmentsRebuilt: 2,
    });
    const now = await segments();
    expect(now.filter((seg) => seg.batchId !== batchId && seg.batchId !== laterBatch)).toEqual(untouched);
    expect(now.filter((seg) => seg.batchId === laterBatch).map((seg) => seg.lineCount)).toEqual([4]);
    expect((await summarizeStore(t.store)).byProduct.find((p) => p.productId === ALIAS.id)).toMatchObject({
      lines: 6,
      reoKg: 1880,
    });
  });

  it('rebuilds every segment on request, reproducing what the import wrote', async () => {
    const before = await snapshot();
    const r = unwrap(await rederive(t.store, ADMIN, { allSegments: true }));
    expect(r).toMatchObject({ linesChanged: 0, batchesAffected: [], segmentsRebuilt: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('leaves the store as it was when rederive fails half-way', async () => {
    unwrap(await setCatalogueOverrides(t.store, ADMIN, ALIAS));
    const before = await snapshot();
    const audit = await auditActions();
    await expect(
      rederive(t.store, ADMIN, {
        onProgress: (p) => {
          if (p.phase === 'segments') throw new Error('disk full (simulated)');
        },
      }),
    ).rejects.toThrow('disk full (simulated)');
    expect(await snapshot()).toEqual(before);
    expect(await auditActions()).toEqual(audit);
  });

  it('refuses bad overrides with errors that name the field, and users who may not change the catalogue', async () => {
    const bad = await setCatalogueOverrides(t.store, ADMIN, [
      { id: 'oxide-prnd', reoPerKg: 5 },
      { id: 'oxide-nd', colour: 'blue' },
    ]);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid');
    expect(bad.error.details).toEqual([
      'override 1 (oxide-prnd): reoPerKg must be a number from 0 to 2',
      'override 2 (oxide-nd): unknown field colour',
    ]);

    const incomplete = await setCatalogueOverrides(t.store, ADMIN, { id: 'slurry', nameZh: '稀土抛光液' });
    expect(!incomplete.ok && incomplete.error.details).toEqual([
      'slurry: not a shipped product, so this adds one, and a new product needs nameEn, category, basis, reoPerKg',
    ]);

    // An alias another product owns would never match: refused, with the way out.
    const taken = await setCatalogueOverrides(t.store, ADMIN, { id: ALIAS.id, aliases: ['氧化镨钕'] });
    expect(!taken.ok && taken.error.en).toContain(
      '"氧化镨钕" already names oxide-prnd, which keeps it; to move it, set oxide-prnd\'s aliases without it',
    );

    const viewer = await setCatalogueOverrides(t.store, VIEWER, ALIAS);
    expect(!viewer.ok && viewer.error.code).toBe('forbidden');
    expect(!(await rederive(t.store, VIEWER)).ok).toBe(true);

    const missing = await removeCatalogueOverride(t.store, ADMIN, 'oxide-prnd');
    expect(!missing.ok && missing.error.en).toBe(
      'oxide-prnd has no override: its shipped definition is in force',
    );

    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"id": "oxide-prnd",');
    const broken = await setCatalogueOverridesFromFile(t.store, ADMIN, file);
    expect(!broken.ok && broken.error.en).toMatch(/broken\.json is not valid JSON/);

    // Nothing was stored by any of these.
    expect((await listEffectiveCatalogue(t.store)).filter((p) => p.status !== 'shipped')).toEqual([]);
    expect(await auditActions()).toEqual(['import.commit']);
  });

  it('adds a product from a file (with a BOM), warns when shipped aliases are dropped, and removes it', async () => {
    const file = join(dir, 'overrides.json');
    writeFileSync(
      file,
      `\ufeff${JSON.stringify([
        {
          id: 'slurry-polishing',
          nameZh: '稀土抛光液',
          nameEn: 'Rare earth polishing slurry',
          category: 'recycled',
          basis: 'product',
          reoPerKg: 0.1,
          composition: { Ce: 0.65, La: 0.35 },
        },
        { id: 'fee-processing', aliases: ['稀土加工费'] },
      ])}`,
    );
    const r = unwrap(await setCatalogueOverridesFromFile(t.store, ADMIN, file));
    expect(r.saved).toEqual([
      { id: 'slurry-polishing', kind: 'added', replaced: false },
      { id: 'fee-processing', kind: 'shipped', replaced: false },
    ]);
    expect(r.warnings).toEqual([
      'fee-processing: aliases replace the shipped list, so "委托加工费", "加工劳务", "分离加工费", "processing fee" no longer match (list them to keep them)',
    ]);
    const added = (await listEffectiveCatalogue(t.store)).find((p) => p.id === 'slurry-polishing');
    expect(added).toMatchObject({ status: 'added', composition: { Ce: 0.65, La: 0.35 } });

    // REO-spec override (REO≥35%) does not apply: specOverride is off for the new product.
    expect(unwrap(await rederive(t.store, ADMIN))).toMatchObject({ linesChanged: 3, reoKgDelta: 260 });
    expect((await lines()).slice(0, 3).map((l) => [l.productId, l.reoKg])).toEqual([
      ['slurry-polishing', 200],
      ['slurry-polishing', 50],
      ['slurry-polishing', 10],
    ]);

    expect(unwrap(await removeCatalogueOverride(t.store, ADMIN, 'slurry-polishing'))).toMatchObject({
      kind: 'added',
    });
    expect(unwrap(await rederive(t.store, ADMIN))).toMatchObject({ linesChanged: 3, reoKgDelta: -260 });
    expect(
      (await lines()).slice(0, 3).every((l) => l.productId === null && l.flags === LineFlag.ITEM_UNMATCHED),
    ).toBe(true);
  });
});
