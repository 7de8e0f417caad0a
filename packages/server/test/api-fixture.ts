// Test data for the API tests, built through the real use cases: the committed fixture files
// (fixtures/README.md) imported with importFile, one extra invoice file written here with lines
// that cross Inner Mongolia and Jiangxi and with off-register parties, and one user per role.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { makeUscc } from '@oresight/core/domain';
import type { ImportKind } from '@oresight/app';
import { createApiToken, createUser, importFile, runInspection } from '@oresight/app';
import type { Policy } from '@oresight/core/inspect';
import type { StoreKind, TestStore } from '@oresight/store/testing';
import { createTestStore } from '@oresight/store/testing';
import type { Api } from '../src/index.ts';
import { createServer } from '../src/index.ts';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** Parties (fixtures/README.md). */
export const JINMENG = '911502007012888877'; // Baotou separation (northern)
export const RUIXIN = '91150200058673312Q'; // Baotou trading
export const TIANJIAO = '91150200761066880T'; // Baotou metal (northern)
export const HONGJIN = '9136070078142266X5'; // Ganzhou separation (southern)
export const GANZHOU_MINING = '913607001583662133'; // Ganzhou mining (southern)
export const HENGYUAN = '91360700693760052R'; // Ganzhou recycling
export const KENINGDA = '91330200144077533C'; // Ningbo magnet maker
/** Off-register parties (on invoices only): one in Baotou, one in Ganzhou, by their USCC. */
export const OFF_BAOTOU = makeUscc('91', '150200', 'MA0TEXT1');
export const OFF_GANZHOU = makeUscc('91', '360700', 'MA0TEXT2');

/** Registry enterprises in each province (enterprises.gbk.csv). */
export const INNER_MONGOLIA_REGISTRY = [JINMENG, RUIXIN, TIANJIAO, '91150200701288887A'].sort();
export const JIANGXI_REGISTRY = [HONGJIN, GANZHOU_MINING, HENGYUAN, '360702745599820'].sort();

/** The extra lines (2013-10-08, VAT 17%): cross-region and off-register. */
const EXTRA_INVOICES = [
  'invoice_code,invoice_number,line_no,issue_date,seller_tax_id,seller_name,buyer_tax_id,buyer_name,item_name,specification,unit,quantity,unit_price,amount,tax_rate,tax_amount',
  `1500131140,00870001,1,2013-10-08,${JINMENG},包头市金蒙稀土有限责任公司,${HONGJIN},赣州市红金稀土有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,1,300000.00,300000.00,0.17,51000.00`,
  `1500131140,00870002,1,2013-10-08,${OFF_BAOTOU},包头市无证稀土商行,${GANZHOU_MINING},赣州稀土矿业有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,0.5,200000.00,100000.00,0.17,17000.00`,
  `3600131140,01539999,1,2013-10-08,${OFF_GANZHOU},赣州市无证稀土经营部,${KENINGDA},宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镝,≥99.5%,公斤,100,2000.00,200000.00,0.17,34000.00`,
].join('\n');

/**
 * Quotes that price the extra lines: 351,000 CNY/t and 2,340 CNY/kg VAT-included at 17% are
 * 300 and 2,000 CNY/kg ex-VAT, so lines 41 (300/kg), 42 (200/kg) and 43 (2,000/kg) have price
 * ratios 1, 2/3 and 1.
 */
const LATE_QUOTES = [
  'date,product,price,unit,vat_included,source',
  '2013-10-01,氧化镨钕,351000,元/吨,是,test',
  '2013-10-01,氧化镝,2340,元/公斤,是,test',
].join('\n');

/**
 * Invoice line ids (import order) an Inner Mongolia reader may see: the 26 fixture lines with a
 * Baotou or Liangshan→Baotou party (all but 6–9, 20, 26–32, 39–40), and extra lines 41–42.
 */
export const IM_VISIBLE_LINE_IDS = [
  1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 33, 34, 35, 36, 37, 38, 41, 42,
];
/** …and a Jiangxi reader: the Ganzhou lines and extra lines 41–43. */
export const JX_VISIBLE_LINE_IDS = [6, 7, 8, 9, 20, 26, 27, 28, 29, 30, 31, 32, 39, 40, 41, 42, 43];
export const TOTAL_LINES = 43;

export const PASSWORDS = {
  admin: 'correct-Horse-1-battery',
  analyst: 'staple-Tiger-2-orbit',
  viewer: 'quiet-Lantern-3-river',
  im: 'grassland-Wind-4-steel',
  jx: 'red-Soil-5-mountain',
  baotou: 'iron-Smoke-6-valley',
} as const;

export type Who = keyof typeof PASSWORDS;

export interface ApiWorld {
  t: TestStore;
  app: Api;
  dir: string;
  /** Session cookie header per user. */
  cookie: Record<Who, string>;
  /** An API token of the analyst. */
  analystToken: string;
  dispose(): Promise<void>;
}

/** Imports a file through the real use case and checks that it landed. */
export async function importOk(t: TestStore, path: string, kind: ImportKind): Promise<void> {
  const outcome = await importFile(t.store, path, { kind, user: 'fixture' });
  expect(outcome.status, `${path}: ${outcome.fatal?.en ?? outcome.issues[0]?.en ?? ''}`).toBe('committed');
}

/**
 * A store of the given kind with the fixture data, users of every role, and a server on it.
 * @example const w = await createApiWorld('sqlite'); await w.app.inject({ url: '/api/enterprises', headers: { cookie: w.cookie.admin } });
 */
export async function createApiWorld(kind: StoreKind, options: { login?: boolean } = {}): Promise<ApiWorld> {
  const t = await createTestStore(kind);
  const dir = mkdtempSync(join(tmpdir(), 'oresight-api-'));
  await importOk(t, join(FIXTURES, 'registry/enterprises.gbk.csv'), 'enterprises');
  await importOk(t, join(FIXTURES, 'invoices/tax-bureau-export.gbk.csv'), 'invoices');
  const extra = join(dir, 'cross-region.csv');
  writeFileSync(extra, `${EXTRA_INVOICES}\n`);
  await importOk(t, extra, 'invoices');
  await importOk(t, join(FIXTURES, 'registry/prices.csv'), 'prices');
  const late = join(dir, 'late-quotes.csv');
  writeFileSync(late, `${LATE_QUOTES}\n`);
  await importOk(t, late, 'prices');
  await importOk(t, join(FIXTURES, 'registry/quotas.csv'), 'quotas');

  const users: [Who, string, string[]][] = [
    ['admin', 'admin', []],
    ['analyst', 'analyst', []],
    ['viewer', 'viewer', []],
    ['im', 'inspector', ['150000']],
    ['jx', 'inspector', ['360000']],
    ['baotou', 'inspector', ['150200']],
  ];
  for (const [who, role, regions] of users) {
    const r = await createUser(t.store, { username: who, role, regions, password: PASSWORDS[who] }, 'test');
    expect(r.ok, r.ok ? '' : r.error.en).toBe(true);
  }
  const token = await createApiToken(t.store, 'analyst', { name: 'test script' }, 'test');
  if (!token.ok) throw new Error(token.error.en);

  const app = await createServer({ store: t.store, limits: { loginPerIpPerMinute: 1000 } });
  const cookie = {} as Record<Who, string>;
  if (options.login !== false) {
    await Promise.all(
      users.map(async ([who]) => {
        cookie[who] = await login(app, who, PASSWORDS[who]);
      }),
    );
  }
  return {
    t,
    app,
    dir,
    cookie,
    analystToken: token.value.token,
    async dispose() {
      await app.close();
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in and returns the `cookie` request header value. */
export async function login(app: Api, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'oresight_session');
  if (!cookie) throw new Error('no session cookie');
  return `oresight_session=${cookie.value}`;
}

const COUNTED_TABLES = [
  'importBatches',
  'invoiceLines',
  'enterprises',
  'quotas',
  'prices',
  'rejects',
  'users',
  'apiTokens',
  'policies',
  'inspectionRuns',
  'auditLog',
] as const;

/** Counts of every table a bad request must leave alone. */
export async function storeCounts(t: TestStore): Promise<Record<(typeof COUNTED_TABLES)[number], number>> {
  const out = {} as Record<(typeof COUNTED_TABLES)[number], number>;
  for (const table of COUNTED_TABLES) {
    const r = await t.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

/** Runs an inspection through the use case (app runInspection) and returns the run id. */
export async function recordRun(
  t: TestStore,
  period: { from: string; to: string },
  policy: Policy,
): Promise<number> {
  const { runId } = await runInspection(t.store, { period, policy, user: 'test' });
  return runId;
}
