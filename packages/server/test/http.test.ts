// Over a real loopback socket: sign in with fetch, carry the cookie, upload with a browser-style
// FormData, follow the job, and get the built web app (with SPA fallback) from the same server.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from './store-access.ts';
import type { ApiWorld } from './api-fixture.ts';
import { FIXTURES, PASSWORDS, createApiWorld } from './api-fixture.ts';
import type { Api } from '../src/index.ts';
import { createServer } from '../src/index.ts';

describe.each(storeKinds())('HTTP over loopback on %s', (kind) => {
  let w: ApiWorld;
  let app: Api;
  let base: string;
  beforeAll(async () => {
    w = await createApiWorld(kind, { login: false });
    const webRoot = join(w.dir, 'web');
    mkdirSync(join(webRoot, 'assets'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>oresight</title><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("oresight");');
    app = await createServer({ store: w.t.store, webRoot });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await w?.dispose();
  });

  it('signs in, reads with the cookie, uploads a file and follows its job', async () => {
    const anonymous = await fetch(`${base}/api/enterprises`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst', password: PASSWORDS.analyst }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/oresight_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] as string;

    const list = await fetch(`${base}/api/enterprises?limit=2&sort=taxId`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await list.json()).toMatchObject({
      total: 10,
      limit: 2,
      items: [{ taxId: '360702745599820' }, {}],
    });

    const form = new FormData();
    const bytes = readFileSync(join(FIXTURES, 'invoices/export-utf8-bom.csv'));
    form.append('file', new Blob([bytes], { type: 'text/csv' }), '数电票导出.csv');
    const upload = await fetch(`${base}/api/imports/invoices`, {
      method: 'POST',
      headers: { cookie },
      body: form,
    });
    expect(upload.status).toBe(202);
    const location = upload.headers.get('location');
    expect(location).toMatch(/^\/api\/jobs\/[0-9a-f-]{36}$/);
    let job:
      { status: string; result: { file: string; status: string; accepted: number } | null } | undefined;
    for (let i = 0; i < 400; i++) {
      job = (await (await fetch(`${base}${location}`, { headers: { cookie } })).json()) as typeof job;
      if (job?.status === 'succeeded' || job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { file: '数电票导出.csv', status: 'committed', accepted: 4 },
    });

    const logout = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    expect((await fetch(`${base}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('serves the web app at / with a fallback to index.html for client routes, never for /api', async () => {
    const root = await fetch(`${base}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    expect(await root.text()).toContain('<div id="root">');
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain('oresight');
    const deep = await fetch(`${base}/enterprises/911502007012888877`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(`${base}/api/nothing-here`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const docs = await fetch(`${base}/api/docs/`);
    expect(docs.status).toBe(200);
  });
});
