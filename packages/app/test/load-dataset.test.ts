// loadDataset's timings (read by bench/inspect.bench.ts): the segment time split into reading the
// blobs and decoding them, without changing what is loaded.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { DEFAULT_POLICY, inspect, serializeResult } from '@oresight/core/inspect';
import { importFile, loadDataset } from '../src/index.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

describe.each(storeKinds())('loadDataset stats on %s', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore(kind);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('splits the segment time into reading and decoding', async () => {
    await importFile(t.store, join(FIXTURES, 'invoices', 'tax-bureau-export.gbk.csv'), { kind: 'invoices' });
    const { dataset, stats } = await loadDataset(t.store, { from: '2013-01-01', to: '2013-12-31' });
    expect(stats.segments).toBeGreaterThan(0);
    expect(stats.linesInPeriod).toBe(dataset.lines.count);
    const { segments, segmentRead, segmentDecode, total } = stats.ms;
    expect(segmentRead).toBeGreaterThan(0);
    expect(segmentDecode).toBeGreaterThan(0);
    expect(segmentRead + segmentDecode).toBeLessThanOrEqual(segments);
    expect(segments).toBeLessThanOrEqual(total);
  });

  it('joins the lines of one invoice that arrive in two files into one invoice', async () => {
    // english-headers.csv: invoice 3600131140-1530120 has lines 1 and 2. Split them over two files.
    const [header, first, second, ...rest] = readFileSync(
      join(FIXTURES, 'invoices', 'english-headers.csv'),
      'utf8',
    ).split(/\r?\n/);
    const dir = mkdtempSync(join(tmpdir(), 'oresight-split-'));
    try {
      writeFileSync(join(dir, 'a.csv'), [header, first, ...rest].join('\n'));
      writeFileSync(join(dir, 'b.csv'), [header, second].join('\n'));
      for (const f of ['a.csv', 'b.csv'])
        expect((await importFile(t.store, join(dir, f), { kind: 'invoices' })).status).toBe('committed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { dataset, stats } = await loadDataset(t.store, { from: '2013-01-01', to: '2013-12-31' });
    expect(stats.segments).toBe(2);
    const key = '3600131140-01530120';
    const lines = [...dataset.lines.invoice.keys()].filter(
      (i) => dataset.invoiceKeys[dataset.lines.invoice[i] as number] === key,
    );
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((i) => dataset.lines.invoice[i])).size).toBe(1);
    expect(new Set(dataset.invoiceKeys).size).toBe(dataset.invoiceKeys.length);
  });

  it('numbers parties outside the registry alike whatever order their lines were imported in', async () => {
    // No registry: every party is off-register, first seen in file order. The same invoices imported
    // in reverse order into a second store must give the same enterprises, in taxId order, and the
    // same result.
    const [header, ...rows] = readFileSync(join(FIXTURES, 'invoices', 'tax-bureau-export.gbk.csv'))
      .toString('latin1')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    const dir = mkdtempSync(join(tmpdir(), 'oresight-order-'));
    const reversed = await createTestStore(kind);
    try {
      const file = join(dir, 'reversed.gbk.csv');
      // Invoices in reverse order, each invoice's rows kept in order (their row order is their line numbers).
      const invoices = new Map<string, string[]>();
      for (const row of rows) {
        const key = row.split(',', 2).join(',');
        invoices.set(key, [...(invoices.get(key) ?? []), row]);
      }
      const reordered = [...invoices.values()].reverse().flat();
      writeFileSync(file, Buffer.from([header, ...reordered].join('\r\n'), 'latin1'));
      await importFile(t.store, join(FIXTURES, 'invoices', 'tax-bureau-export.gbk.csv'), {
        kind: 'invoices',
      });
      await importFile(reversed.store, file, { kind: 'invoices' });
      const period = { from: '2013-01-01', to: '2013-12-31' };
      const a = (await loadDataset(t.store, period)).dataset;
      const b = (await loadDataset(reversed.store, period)).dataset;
      const taxIds = a.enterprises.map((e) => e.taxId);
      expect(taxIds.length).toBeGreaterThan(2);
      expect(taxIds).toEqual([...taxIds].sort());
      expect(b.enterprises.map((e) => e.taxId)).toEqual(taxIds);
      const result = (d: typeof a) => serializeResult(inspect({ ...d, fingerprint: 'same' }, DEFAULT_POLICY));
      expect(result(b)).toBe(result(a));
    } finally {
      await reversed.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
