// Test data for the campaign API tests: the API world (api-fixture.ts) plus five invoices on
// which 包头市天骄稀土金属有限公司 (Baotou) sells 200 t of PrNd oxide it cannot explain (black on
// the default policy), a finished 2013 run, and a second analyst for four-eyes approvals.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUser } from '@oresight/app';
import { DEFAULT_POLICY } from '@oresight/core/inspect';
import type { Who } from './api-fixture.ts';
import { TIANJIAO, createApiWorld, importOk, login, recordRun } from './api-fixture.ts';

export const HENGYUAN = '91360700693760052R';
export const KENINGDA = '91330200144077533C';

/** 天骄 (Baotou) sells 200 t PrNd oxide it cannot explain: black on the default policy. */
export const TIANJIAO_SALES = [
  'invoice_code,invoice_number,line_no,issue_date,seller_tax_id,seller_name,buyer_tax_id,buyer_name,item_name,specification,unit,quantity,unit_price,amount,tax_rate,tax_amount',
  ...[0, 1, 2, 3, 4].map(
    (i) =>
      `1500131150,0088000${i},1,2013-10-1${i},${TIANJIAO},包头市天骄稀土金属有限公司,${KENINGDA},宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,40,300000.00,12000000.00,0.17,2040000.00`,
  ),
].join('\n');

export type Caller = Who | 'analyst2';

/** The API world plus 天骄's sales, a finished 2013 run and a second analyst. */
export async function createCampaignApiWorld(kind: 'sqlite' | 'postgres') {
  const w = await createApiWorld(kind);
  writeFileSync(join(w.dir, 'tianjiao.csv'), `${TIANJIAO_SALES}\n`);
  await importOk(w.t, join(w.dir, 'tianjiao.csv'), 'invoices');
  const runId = await recordRun(w.t, { from: '2013-01-01', to: '2013-12-31' }, DEFAULT_POLICY);
  const created = await createUser(
    w.t.store,
    { username: 'analyst2', role: 'analyst', password: 'second-Pair-7-eyes' },
    'test',
  );
  if (!created.ok) throw new Error(created.error.en);
  const cookies: Record<Caller, string> = {
    ...w.cookie,
    analyst2: await login(w.app, 'analyst2', 'second-Pair-7-eyes'),
  };
  const call = (who: Caller, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    w.app.inject({
      method,
      url,
      headers: { cookie: cookies[who] },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  return { w, runId, call };
}

/** A multipart body with one file part named `file`. */
export function multipart(fileName: string, contentType: string, bytes: Uint8Array) {
  const boundary = '----oresight-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
