// `oresight catalogue set|list|remove` and `oresight rederive` as a person runs them: a real process
// on a real store (SQLite and PostgreSQL), with the override example of docs/catalogue.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, summarizeStore } from '@oresight/app';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { cliFor } from './run-cli.ts';

const DOC = fileURLToPath(new URL('../../../docs/catalogue.md', import.meta.url));

// 稀土抛光液 is outside the shipped catalogue: 2 t with REO≥35% and 500 kg, both unmatched on import.
const CSV = [
  '发票代码,发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,规格型号,单位,数量,单价,金额,税率,税额,价税合计',
  '1500131140,00880001,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*再生稀土*稀土抛光液,REO≥35%,吨,2,10000,20000.00,17%,3400.00,23400.00',
  '1500131140,00880001,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*再生稀土*稀土抛光液,,公斤,500,8,4000.00,17%,680.00,4680.00',
].join('\r\n');

/** The JSON example in docs/catalogue.md: the documentation's own example must work. */
function docExample(): string {
  const m = /## The override format[\s\S]*?```json\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'));
  if (!m?.[1]) throw new Error('docs/catalogue.md has no JSON example');
  return m[1];
}

describe.each(storeKinds())('oresight catalogue and rederive on %s', { timeout: 240_000 }, (kind) => {
  let t: TestStore;
  let dir: string;
  const cli = cliFor(() => t.env);
  const polishing = async () =>
    (await summarizeStore(t.store)).byProduct.find((p) => p.productId === 'recycled-polishing-powder');

  beforeAll(async () => {
    t = await createTestStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'oresight-cli-catalogue-'));
    writeFileSync(join(dir, 'lines.csv'), CSV);
    expect(await importFile(t.store, join(dir, 'lines.csv'), { kind: 'invoices' })).toMatchObject({
      status: 'committed',
      flagCounts: { ITEM_UNMATCHED: 2 },
    });
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets the documented overrides, lists them, previews and applies rederive', async () => {
    writeFileSync(join(dir, 'overrides.json'), docExample());
    const set = await cli(['catalogue', 'set', join(dir, 'overrides.json')]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('saved: recycled-polishing-powder — overrides a shipped product');
    expect(set.stdout).toContain('saved: recycled-magnet-swarf — adds a product');
    expect(set.stdout).toContain('until `oresight rederive` applies the catalogue to them');

    const list = await cli(['catalogue', 'list', '--changed', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const changed = JSON.parse(list.stdout) as { id: string; status: string; overriddenFields: string[] }[];
    expect(changed.map((p) => [p.id, p.status, p.overriddenFields])).toEqual([
      ['recycled-polishing-powder', 'overridden', ['aliases']],
      [
        'recycled-magnet-swarf',
        'added',
        ['nameZh', 'nameEn', 'category', 'basis', 'reoPerKg', 'composition', 'specOverride'],
      ],
    ]);

    // 2000 kg × 35% + 500 kg × 40% = 900 REO kg.
    const preview = await cli(['rederive', '--dry-run']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('dry run, nothing written');
    expect(preview.stdout).toContain('2 checked, 2 changed; REO kg +900');
    expect(preview.stdout).toContain(
      '*再生稀土*稀土抛光液 [REO≥35%]: — (unmatched) → recycled-polishing-powder (1 line)',
    );
    expect(preview.stdout).toContain('ITEM_UNMATCHED +0 −2');
    expect(await polishing()).toBeUndefined();

    const applied = await cli(['rederive', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      dryRun: false,
      itemsRematched: 2,
      linesChanged: 2,
      reoKgDelta: 900,
      segmentsRebuilt: 1,
    });
    expect(await polishing()).toMatchObject({ lines: 2, kg: 2500, reoKg: 900 });

    const again = await cli(['rederive']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to change');
  });

  it('refuses a bad override with exit code 2 naming the field; removes an override', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'oxide-prnd', basis: 'weight' }));
    const bad = await cli(['catalogue', 'set', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('override (oxide-prnd): basis must be reo or product');

    const removed = await cli(['catalogue', 'remove', 'recycled-magnet-swarf']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('removed: recycled-magnet-swarf — the added product is gone');
    expect(removed.stdout).toContain('oresight rederive');

    const none = await cli(['catalogue', 'remove', 'recycled-magnet-swarf']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('There is no catalogue override for recycled-magnet-swarf');
  });
});
