// `oresight inspect | runs | explain | diff` as a person runs them (issue 4), on SQLite and
// PostgreSQL: the result JSON (formats.md §7) and the lists as CSV and XLSX written, the export
// recorded in the audit log (issue 7), the run listed, an enterprise explained, two runs compared,
// and a bad period refused with usage exit code 2.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '@oresight/app';
import { importFile } from '@oresight/app';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { cliFor } from './run-cli.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');
const TIANJIAO = '91150200761066880T';

describe.each(storeKinds())('oresight inspect, runs, explain, diff on %s', { timeout: 300_000 }, (kind) => {
  let t: TestStore;
  let dir: string;
  const cli = cliFor(() => t.env);

  beforeAll(async () => {
    t = await createTestStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'oresight-inspect-cli-'));
    const files: [string, ImportKind][] = [
      [join(FIXTURES, 'registry/enterprises.gbk.csv'), 'enterprises'],
      [join(FIXTURES, 'invoices/tax-bureau-export.gbk.csv'), 'invoices'],
      [join(FIXTURES, 'registry/prices.csv'), 'prices'],
      [join(FIXTURES, 'registry/quotas.csv'), 'quotas'],
    ];
    for (const [path, k] of files)
      expect((await importFile(t.store, path, { kind: k })).status).toBe('committed');
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspects a year, writes JSON, CSV and XLSX, and records the export in the audit log', async () => {
    const [json, csv, xlsx] = ['result.json', 'lists.csv', 'lists.xlsx'].map((f) => join(dir, f));
    const r = await cli([
      'inspect',
      '--period',
      '2013',
      '--json',
      json!,
      '--csv',
      csv!,
      '--xlsx',
      xlsx!,
      '--user',
      'wang',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Run 1: 2013-01-01 → 2013-12-31, policy default/);
    expect(r.stdout).toContain(`wrote ${csv}`);

    const result = JSON.parse(readFileSync(json!, 'utf8')) as {
      period: { from: string; to: string };
      enterprises: { taxId: string; list: string }[];
    };
    expect(result.period).toEqual({ from: '2013-01-01', to: '2013-12-31' });
    expect(result.enterprises.length).toBeGreaterThan(0);
    const csvRows = readFileSync(csv!, 'utf8').trim().split(/\r?\n/);
    expect(csvRows.length).toBe(result.enterprises.length + 1);
    expect(readFileSync(xlsx!).subarray(0, 2).toString('latin1')).toBe('PK');

    const audit = await t.store.db
      .selectFrom('auditLog')
      .select(['actor', 'action', 'subject', 'details'])
      .where('action', '=', 'export.list')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'wang', subject: 'run:1' });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ files: { json, csv, xlsx } });
  });

  it('lists runs, explains an enterprise, and compares two runs', async () => {
    const second = await cli(['inspect', '--from', '2013-01-01', '--to', '2013-12-31']);
    expect(second.code, second.stderr).toBe(0);
    expect(
      await t.store.db.selectFrom('auditLog').where('action', '=', 'export.list').select('id').execute(),
    ).toHaveLength(1);

    const runs = await cli(['runs']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/\b1\b[\s\S]*\b2\b/);

    const explain = await cli(['explain', TIANJIAO]);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('包头市天骄稀土金属有限公司');

    const diff = await cli(['diff', '1', '2']);
    expect(diff.code, diff.stderr).toBe(0);
  });

  it('refuses a period it cannot read, with usage exit code 2', async () => {
    const r = await cli(['inspect', '--period', '2013-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a period');
  });
});
