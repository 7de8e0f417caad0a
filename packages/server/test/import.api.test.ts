// Uploads imported as background jobs; batches, rejects and their CSV; and bad uploads, which
// get a clear 4xx problem and change nothing. On SQLite and PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from './store-access.ts';
import type { ApiWorld } from './api-fixture.ts';
import { FIXTURES, createApiWorld, storeCounts } from './api-fixture.ts';
import type { Api } from '../src/index.ts';
import { createServer } from '../src/index.ts';

const BOUNDARY = '----oresightTestBoundary7MA4YWxk';

/** A multipart/form-data body with the given parts. */
function multipart(
  parts: { name: string; filename?: string; type?: string; data: Buffer | string }[],
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      ),
      Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

interface Job {
  id: string;
  kind: string;
  owner: string;
  status: string;
  progress: { phase: string; done: number; total: number; unit: string };
  result: {
    file: string;
    status: string;
    batchId: number | null;
    rowsRead: number;
    accepted: number;
    rejected: number;
    duplicate: number;
    issues: { row: number; column: string | null; code: string }[];
  } | null;
  error: unknown;
}

async function waitForJob(app: Api, cookie: string, id: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const res = await app.inject({ url: `/api/jobs/${id}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const job = res.json() as Job;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

describe.each(storeKinds())('imports on %s', (kind) => {
  let w: ApiWorld;
  const upload = (kindOf: string, body: Buffer, query = '', who: 'analyst' | 'admin' = 'analyst') =>
    w.app.inject({
      method: 'POST',
      url: `/api/imports/${kindOf}${query}`,
      headers: { ...MULTIPART, cookie: w.cookie[who] },
      payload: body,
    });

  beforeAll(async () => {
    w = await createApiWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('imports an upload as a background job, with progress and the batch it made', async () => {
    const before = await storeCounts(w.t);
    const bytes = readFileSync(join(FIXTURES, 'invoices/english-headers.csv'));
    const res = await upload(
      'invoices',
      multipart([{ name: 'file', filename: 'english-headers.csv', type: 'text/csv', data: bytes }]),
    );
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json() as Job;
    expect(res.headers.location).toBe(`/api/jobs/${queued.id}`);
    expect(queued).toMatchObject({ kind: 'import', owner: 'analyst' });
    const job = await waitForJob(w.app, w.cookie.analyst, queued.id);
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({
      file: 'english-headers.csv',
      status: 'committed',
      rowsRead: 4,
      accepted: 4,
      rejected: 0,
      duplicate: 0,
    });
    expect(job.progress).toMatchObject({ unit: 'bytes', done: bytes.length, total: bytes.length });
    const after = await storeCounts(w.t);
    expect(after.invoiceLines - before.invoiceLines).toBe(4);
    expect(after.importBatches - before.importBatches).toBe(1);

    const batch = await w.app.inject({
      url: `/api/imports/batches/${job.result?.batchId}`,
      headers: { cookie: w.cookie.viewer },
    });
    expect(batch.json()).toMatchObject({
      kind: 'invoices',
      fileName: 'english-headers.csv',
      status: 'committed',
      accepted: 4,
      userName: 'analyst',
      options: { skipInvalid: false },
    });
    // The same file again adds nothing.
    const again = await upload('invoices', multipart([{ name: 'file', filename: 'copy.csv', data: bytes }]));
    const second = await waitForJob(w.app, w.cookie.analyst, (again.json() as Job).id);
    expect(second.result).toMatchObject({ status: 'already_imported', batchId: job.result?.batchId });
    expect((await storeCounts(w.t)).invoiceLines).toBe(after.invoiceLines);

    // Jobs are their owner's (and administrators'): others get 404.
    expect(
      (await w.app.inject({ url: `/api/jobs/${queued.id}`, headers: { cookie: w.cookie.viewer } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await w.app.inject({ url: `/api/jobs/${queued.id}`, headers: { cookie: w.cookie.admin } })).statusCode,
    ).toBe(200);
    const mine = (await w.app.inject({ url: '/api/jobs', headers: { cookie: w.cookie.analyst } })).json() as {
      items: Job[];
      total: number;
    };
    expect(mine.items.map((j) => j.id)).toContain(queued.id);
    const theirs = (
      await w.app.inject({ url: '/api/jobs', headers: { cookie: w.cookie.viewer } })
    ).json() as { total: number };
    expect(theirs.total).toBe(0);
  });

  it('refuses a file with bad rows, keeps the report, and exports the rejects as CSV', async () => {
    const before = await storeCounts(w.t);
    const bytes = readFileSync(join(FIXTURES, 'invoices/bad-rows.csv'));
    const res = await upload(
      'invoices',
      multipart([{ name: 'file', filename: 'bad-rows.csv', data: bytes }]),
    );
    const job = await waitForJob(w.app, w.cookie.analyst, (res.json() as Job).id);
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ status: 'rejected', rowsRead: 14, accepted: 0, rejected: 7 });
    expect(job.result?.issues.map((i) => [i.row, i.code])).toContainEqual([4, 'bad_number']);
    const after = await storeCounts(w.t);
    expect(after.invoiceLines).toBe(before.invoiceLines);
    const batchId = job.result?.batchId;
    const rejects = (
      await w.app.inject({
        url: `/api/imports/batches/${batchId}/rejects?limit=3`,
        headers: { cookie: w.cookie.viewer },
      })
    ).json() as {
      items: { rowNo: number; columnName: string | null; code: string; messageZh: string }[];
      total: number;
    };
    expect(rejects.total).toBe(7);
    expect(rejects.items.map((r) => r.rowNo)).toEqual([3, 4, 5]);
    const csv = await w.app.inject({
      url: `/api/imports/batches/${batchId}/rejects.csv`,
      headers: { cookie: w.cookie.viewer },
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('文件 file,来源 source,行号 row,列 column,值 value,代码 code,原因,reason');
    expect(rows).toHaveLength(8);
    expect(rows[2]).toMatch(/^bad-rows\.csv,bad-rows\.csv,4,/);

    // With skipInvalid the good rows land and the bad ones are kept.
    const skip = await upload(
      'invoices',
      multipart([{ name: 'file', filename: 'bad-rows.csv', data: bytes }]),
      '?skipInvalid=true',
    );
    const landed = await waitForJob(w.app, w.cookie.analyst, (skip.json() as Job).id);
    // Row 2 of bad-rows.csv is also in the tax-bureau export imported before: a duplicate.
    expect(landed.result).toMatchObject({ status: 'committed', accepted: 7, duplicate: 1, rejected: 7 });
    expect((await storeCounts(w.t)).invoiceLines).toBe(before.invoiceLines + 7);
    const list = (
      await w.app.inject({
        url: '/api/imports/batches?kind=invoices&status=rejected',
        headers: { cookie: w.cookie.viewer },
      })
    ).json() as {
      items: { id: number }[];
    };
    expect(list.items.map((b) => b.id)).toEqual([batchId]);
  });

  it('keeps the uploaded file name (Chinese included) and reads XLSX', async () => {
    const bytes = readFileSync(join(FIXTURES, 'registry/enterprises.xlsx'));
    const res = await upload(
      'enterprises',
      multipart([
        { name: 'file', filename: '企业名录 2013.xlsx', type: 'application/octet-stream', data: bytes },
      ]),
      '',
      'admin',
    );
    const job = await waitForJob(w.app, w.cookie.admin, (res.json() as Job).id);
    expect(job.result).toMatchObject({ file: '企业名录 2013.xlsx', status: 'committed', rowsRead: 3 });
    const batch = await w.app.inject({
      url: `/api/imports/batches/${job.result?.batchId}`,
      headers: { cookie: w.cookie.admin },
    });
    expect(batch.json()).toMatchObject({
      fileName: '企业名录 2013.xlsx',
      format: 'xlsx',
      kind: 'enterprises',
    });
  });

  it('answers bad uploads with a clear 4xx problem and changes nothing', async () => {
    const before = await storeCounts(w.t);
    const jobCount = async () =>
      (
        (await w.app.inject({ url: '/api/jobs?limit=500', headers: { cookie: w.cookie.admin } })).json() as {
          total: number;
        }
      ).total;
    const jobsBefore = await jobCount();
    const csv = readFileSync(join(FIXTURES, 'registry/quotas.csv'));
    const cases: { name: string; status: number; send: () => ReturnType<typeof upload> }[] = [
      {
        name: 'JSON instead of a form',
        status: 415,
        send: () =>
          w.app.inject({
            method: 'POST',
            url: '/api/imports/quotas',
            headers: { cookie: w.cookie.analyst },
            payload: { file: 'quotas.csv' },
          }),
      },
      {
        name: 'unknown kind',
        status: 400,
        send: () => upload('contracts', multipart([{ name: 'file', filename: 'q.csv', data: csv }])),
      },
      {
        name: 'unknown option',
        status: 400,
        send: () => upload('quotas', multipart([{ name: 'file', filename: 'q.csv', data: csv }]), '?force=1'),
      },
      { name: 'no file part', status: 400, send: () => upload('quotas', Buffer.from(`--${BOUNDARY}--\r\n`)) },
      {
        name: 'file part misnamed',
        status: 400,
        send: () => upload('quotas', multipart([{ name: 'upload', filename: 'q.csv', data: csv }])),
      },
      {
        name: 'a text field',
        status: 400,
        send: () =>
          upload(
            'quotas',
            multipart([
              { name: 'note', data: 'hello' },
              { name: 'file', filename: 'q.csv', data: csv },
            ]),
          ),
      },
      {
        name: 'two files',
        status: 413,
        send: () =>
          upload(
            'quotas',
            multipart([
              { name: 'file', filename: 'a.csv', data: csv },
              { name: 'file', filename: 'b.csv', data: csv },
            ]),
          ),
      },
      {
        name: 'truncated body',
        status: 400,
        send: () =>
          upload('quotas', multipart([{ name: 'file', filename: 'q.csv', data: csv }]).subarray(0, 300)),
      },
      {
        name: 'no boundary',
        status: 400,
        send: () =>
          w.app.inject({
            method: 'POST',
            url: '/api/imports/quotas',
            headers: { 'content-type': 'multipart/form-data', cookie: w.cookie.analyst },
            payload: multipart([{ name: 'file', filename: 'q.csv', data: csv }]),
          }),
      },
      {
        name: 'garbage',
        status: 400,
        send: () => upload('quotas', Buffer.from('this is not a multipart body at all\r\n')),
      },
    ];
    for (const c of cases) {
      const res = await c.send();
      expect(res.statusCode, `${c.name}: ${res.body}`).toBe(c.status);
      expect(res.headers['content-type'], c.name).toMatch(/^application\/problem\+json/);
      expect(res.body, c.name).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    }
    expect(await storeCounts(w.t)).toEqual(before);
    expect(await jobCount()).toBe(jobsBefore); // no job was started
  });

  it('refuses a file above the upload limit (413) and a JSON body above the body limit (413)', async () => {
    const app = await createServer({ store: w.t.store, limits: { uploadBytes: 1024, bodyBytes: 1024 } });
    try {
      const before = await storeCounts(w.t);
      const big = Buffer.alloc(4096, 'a');
      const res = await app.inject({
        method: 'POST',
        url: '/api/imports/invoices',
        headers: { ...MULTIPART, cookie: w.cookie.analyst },
        payload: multipart([{ name: 'file', filename: 'big.csv', data: big }]),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'too_large' });
      const json = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: w.cookie.admin },
        payload: { username: 'x'.repeat(2000), role: 'viewer' },
      });
      expect(json.statusCode).toBe(413);
      expect(json.json()).toMatchObject({ code: 'too_large' });
      expect(await storeCounts(w.t)).toEqual(before);
    } finally {
      await app.close();
    }
  });

  it('answers 404 for a batch that does not exist', async () => {
    for (const url of [
      '/api/imports/batches/999',
      '/api/imports/batches/999/rejects',
      '/api/imports/batches/999/rejects.csv',
    ])
      expect((await w.app.inject({ url, headers: { cookie: w.cookie.viewer } })).statusCode, url).toBe(404);
    expect(
      (
        await w.app.inject({
          url: '/api/jobs/00000000-0000-4000-8000-000000000000',
          headers: { cookie: w.cookie.admin },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await w.app.inject({ url: '/api/jobs/not-a-uuid', headers: { cookie: w.cookie.admin } })).statusCode,
    ).toBe(400);
  });
});
