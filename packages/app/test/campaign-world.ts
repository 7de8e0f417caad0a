// Test data for the campaign workflow, built through the real use cases: the committed registry
// and tax-bureau fixtures (fixtures/README.md), plus five invoices written here on which 包头市天骄
// 稀土金属有限公司 (Baotou, metal smelting, registry opening stock 80 t) sells 200 t of PrNd
// oxide to a Ningbo magnet maker with little purchased input: its output is unexplained and it
// lands on the black list, until a declared opening stock explains it. Users of every role.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { StoreKind, TestStore } from '@oresight/store/testing';
import { createTestStore } from '@oresight/store/testing';
import type { Actor, ImportKind } from '../src/index.ts';
import { createUser, importFile, runInspection } from '../src/index.ts';

export const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

export const JINMENG = '911502007012888877'; // Baotou separation, registry stock 1,250.5 t
export const RUIXIN = '91150200058673312Q'; // Baotou trading (grey)
export const TIANJIAO = '91150200761066880T'; // Baotou metal (black with the extra invoices)
export const HENGYUAN = '91360700693760052R'; // Ganzhou recycling (grey)
export const HONGJIN = '9136070078142266X5'; // Ganzhou separation
export const KENINGDA = '91330200144077533C'; // Ningbo magnet maker (grey: illegal share)
export const FANGXING = '91513400209655411N'; // Liangshan mining

/** Five invoices, 2013-10-10…14: 天骄 sells 40 t PrNd oxide each at 300,000 CNY/t ex-VAT (17%). */
export const TIANJIAO_SALES = [
  'invoice_code,invoice_number,line_no,issue_date,seller_tax_id,seller_name,buyer_tax_id,buyer_name,item_name,specification,unit,quantity,unit_price,amount,tax_rate,tax_amount',
  ...[0, 1, 2, 3, 4].map(
    (i) =>
      `1500131150,0088000${i},1,2013-10-1${i},${TIANJIAO},包头市天骄稀土金属有限公司,${KENINGDA},宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,40,300000.00,12000000.00,0.17,2040000.00`,
  ),
].join('\n');

/** 351,000 CNY/t VAT-included at 17% = 300 CNY/kg ex-VAT: the lines above are priced at market. */
export const OCTOBER_QUOTE = [
  'date,product,price,unit,vat_included,source',
  '2013-10-01,氧化镨钕,351000,元/吨,是,test',
].join('\n');

export const PERIOD = { from: '2013-01-01', to: '2013-12-31' } as const;

export type Who = 'admin' | 'analyst' | 'analyst2' | 'viewer' | 'im' | 'baotou' | 'jx';

export interface CampaignWorld {
  t: TestStore;
  dir: string;
  runId: number;
  actors: Record<Who, Actor>;
  dispose(): Promise<void>;
}

async function importOk(t: TestStore, path: string, kind: ImportKind): Promise<void> {
  const outcome = await importFile(t.store, path, { kind, user: 'fixture' });
  expect(outcome.status, `${path}: ${outcome.fatal?.en ?? outcome.issues[0]?.en ?? ''}`).toBe('committed');
}

/**
 * A store with the fixture data, the extra invoices, one finished run and one user per role:
 * inspectors `im` (Inner Mongolia 150000), `baotou` (Baotou 150200) and `jx` (Jiangxi 360000).
 */
export async function createCampaignWorld(kind: StoreKind): Promise<CampaignWorld> {
  const t = await createTestStore(kind);
  const dir = mkdtempSync(join(tmpdir(), 'oresight-campaign-'));
  writeFileSync(join(dir, 'tianjiao-sales.csv'), `${TIANJIAO_SALES}\n`);
  writeFileSync(join(dir, 'october-quote.csv'), `${OCTOBER_QUOTE}\n`);
  await importOk(t, join(FIXTURES, 'registry/enterprises.gbk.csv'), 'enterprises');
  await importOk(t, join(FIXTURES, 'invoices/tax-bureau-export.gbk.csv'), 'invoices');
  await importOk(t, join(dir, 'tianjiao-sales.csv'), 'invoices');
  await importOk(t, join(FIXTURES, 'registry/prices.csv'), 'prices');
  await importOk(t, join(dir, 'october-quote.csv'), 'prices');
  await importOk(t, join(FIXTURES, 'registry/quotas.csv'), 'quotas');
  const users: [Who, string, string[]][] = [
    ['admin', 'admin', []],
    ['analyst', 'analyst', []],
    ['analyst2', 'analyst', []],
    ['viewer', 'viewer', []],
    ['im', 'inspector', ['150000']],
    ['baotou', 'inspector', ['150200']],
    ['jx', 'inspector', ['360000']],
  ];
  const actors = {} as Record<Who, Actor>;
  for (const [who, role, regions] of users) {
    const r = await createUser(
      t.store,
      { username: who, role, regions, password: `Quiet-Harbor-${role.length}-Lamp-${regions.length}` },
      'test',
    );
    if (!r.ok) throw new Error(r.error.en);
    actors[who] = { id: r.value.user.id, username: who, role: r.value.user.role, regions };
  }
  const { runId } = await runInspection(t.store, { period: PERIOD, user: 'analyst' });
  return {
    t,
    dir,
    runId,
    actors,
    async dispose() {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
