// Sign-in, sessions, API tokens, roles and user administration, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, storeKinds } from './store-access.ts';
import type { ApiWorld } from './api-fixture.ts';
import { PASSWORDS, createApiWorld, login, storeCounts } from './api-fixture.ts';
import { createServer } from '../src/index.ts';

function problemOf(res: { headers: Record<string, unknown>; json: () => unknown }) {
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return res.json() as {
    type: string;
    title: string;
    status: number;
    code: string;
    detail: string;
    detailZh: string;
    errors?: { in: string; path: string; message: string }[];
  };
}

describe.each(storeKinds())('auth and users on %s', (kind) => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await createApiWorld(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('answers anonymous requests with 401 problems, except the public endpoints', async () => {
    const protectedRoutes: [string, string][] = [
      ['GET', '/api/auth/me'],
      ['GET', '/api/enterprises'],
      ['GET', '/api/enterprises/911502007012888877'],
      ['GET', '/api/enterprises.csv'],
      ['GET', '/api/lines'],
      ['GET', '/api/lines/1'],
      ['GET', '/api/invoices/1500131140-00861201'],
      ['GET', '/api/quotas'],
      ['GET', '/api/prices'],
      ['GET', '/api/products'],
      ['GET', '/api/market?from=2013-01-01&to=2013-12-31'],
      ['GET', '/api/runs'],
      ['GET', '/api/policies'],
      ['GET', '/api/imports/batches'],
      ['GET', '/api/jobs'],
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['POST', '/api/imports/invoices'],
      ['POST', '/api/policies'],
      ['POST', '/api/auth/logout'],
      ['GET', '/api/no-such-endpoint'],
    ];
    for (const [method, url] of protectedRoutes) {
      const res = await w.app.inject({ method: method as 'GET', url });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      const p = problemOf(res);
      expect(p).toMatchObject({
        status: 401,
        code: 'unauthorized',
        type: 'urn:oresight:problem:unauthorized',
      });
    }
    expect((await w.app.inject({ url: '/api/health' })).json()).toEqual({
      status: 'ok',
      store: kind,
      version: '0.1.0',
    });
    const doc = await w.app.inject({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({ openapi: '3.0.3', info: { title: 'oresight API' } });
    const docs = await w.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Strict, and audits it', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'im', password: PASSWORDS.im },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { username: 'im', role: 'inspector', regions: [{ code: '150000', nameZh: '内蒙古自治区' }] },
      via: 'session',
      permissions: [],
    });
    const cookie = res.cookies.find((c) => c.name === 'oresight_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is stored.
    const stored = await w.t.store.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie?.value);
    const audit = await listAudit(w.t.store.db, { action: 'auth.login', actor: 'im' });
    expect(audit.items[0]).toMatchObject({ action: 'auth.login', subject: 'user:im' });
  });

  it('refuses wrong passwords and unknown users alike, and audits both', async () => {
    const wrong = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'viewer', password: 'not-the-password' },
    });
    const unknown = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(problemOf(wrong).detail).toBe(problemOf(unknown).detail);
    expect(wrong.cookies).toHaveLength(0);
    const failed = await listAudit(w.t.store.db, { action: 'auth.login_failed' });
    const reasons = failed.items.map((e) => [e.actor, JSON.parse(e.details).reason]);
    expect(reasons).toContainEqual(['viewer', 'wrong_password']);
    expect(reasons).toContainEqual(['nobody', 'unknown_user']);
  });

  it('rejects malformed sign-in bodies with 400 problems naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ username: 'admin' }, '/password'],
      [{ username: 5, password: 'x' }, '/username'],
      [{ username: 'admin', password: PASSWORDS.admin, remember: true }, '/remember'],
    ];
    for (const [payload, path] of cases) {
      const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object });
      expect(res.statusCode).toBe(400);
      const p = problemOf(res);
      expect(p.code).toBe('validation');
      expect(p.errors?.map((e) => e.path)).toContain(path);
      expect(res.cookies).toHaveLength(0);
    }
    const notJson = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(problemOf(notJson).code).toBe('bad_request');
    const form = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=admin',
    });
    expect(form.statusCode).toBe(415);
  });

  it('shows the user, role and regions at /api/auth/me, and ends the session on logout', async () => {
    const cookie = await login(w.app, 'jx', PASSWORDS.jx);
    const me = await w.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({
      user: {
        username: 'jx',
        role: 'inspector',
        regions: [{ code: '360000', nameZh: '江西省', nameEn: 'Jiangxi' }],
      },
    });
    const out = await w.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'oresight_session')?.value).toBe('');
    expect((await w.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await listAudit(w.t.store.db, { action: 'auth.logout', actor: 'jx' })).total).toBe(1);
  });

  it('accepts API tokens as Bearer, shows them once, stores their hash, and revokes them', async () => {
    const me = await w.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${w.analystToken}` },
    });
    expect(me.json()).toMatchObject({ user: { username: 'analyst', role: 'analyst' }, via: 'token' });
    const bad = await w.app.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer ore_nope' } });
    expect(bad.statusCode).toBe(401);

    const created = await w.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { cookie: w.cookie.viewer },
      payload: { name: 'my script', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json() as { token: string; info: { id: number; prefix: string } };
    expect(token).toMatch(/^ore_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(info.prefix)).toBe(true);
    const stored = await w.t.store.db
      .selectFrom('apiTokens')
      .selectAll()
      .where('id', '=', info.id)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token.slice(4));
    const list = await w.app.inject({ url: '/api/auth/tokens', headers: { cookie: w.cookie.viewer } });
    expect(list.json()).toMatchObject({ items: [{ id: info.id, name: 'my script', username: 'viewer' }] });
    expect(list.body).not.toContain(token);

    const viaToken = await w.app.inject({
      url: '/api/enterprises?limit=1',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.statusCode).toBe(200);
    // Another user cannot revoke it (404), its owner can.
    const foreign = await w.app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${info.id}`,
      headers: { cookie: w.cookie.im },
    });
    expect(foreign.statusCode).toBe(404);
    const revoke = await w.app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${info.id}`,
      headers: { cookie: w.cookie.viewer },
    });
    expect(revoke.statusCode).toBe(204);
    expect(
      (await w.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(401);
  });

  it('lets a viewer read but not write (403), and changes nothing', async () => {
    const before = await storeCounts(w.t);
    const reads = await w.app.inject({ url: '/api/enterprises', headers: { cookie: w.cookie.viewer } });
    expect(reads.statusCode).toBe(200);
    const writes: [string, string, object | undefined][] = [
      ['POST', '/api/users', { username: 'mallory', role: 'admin', password: 'long-enough-password-1' }],
      ['PATCH', '/api/users/viewer', { role: 'admin' }],
      ['PUT', '/api/users/admin/password', {}],
      ['DELETE', '/api/users/analyst', undefined],
      ['POST', '/api/policies', { id: 'x' }],
      ['POST', '/api/imports/invoices', undefined],
      ['GET', '/api/users', undefined],
    ];
    for (const who of ['viewer', 'im'] as const) {
      for (const [method, url, payload] of writes) {
        const res = await w.app.inject({
          method: method as 'POST',
          url,
          headers: { cookie: w.cookie[who] },
          ...(payload ? { payload } : {}),
        });
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
        expect(problemOf(res).code).toBe('forbidden');
      }
    }
    expect(await storeCounts(w.t)).toEqual(before);
  });

  it('lets an administrator manage users: create (generated password shown once), change, disable, delete', async () => {
    const admin = { cookie: w.cookie.admin };
    const created = await w.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'li.wei', role: 'inspector', regions: ['150200', '152500'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/users/li.wei');
    const body = created.json() as { user: { username: string; regions: string[] }; password: string };
    expect(body.user).toMatchObject({
      username: 'li.wei',
      role: 'inspector',
      regions: ['150200', '152500'],
      disabled: false,
    });
    expect(body.password).toMatch(/^[A-Za-z2-9]{20}$/);
    const liCookie = await login(w.app, 'li.wei', body.password);
    expect((await listAudit(w.t.store.db, { action: 'user.create', subject: 'user:li.wei' })).total).toBe(1);

    const dup = await w.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'li.wei', role: 'viewer' },
    });
    expect(dup.statusCode).toBe(409);
    const badRegion = await w.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'zhang', role: 'inspector', regions: ['150204'] },
    });
    expect(badRegion.statusCode).toBe(422);
    expect(problemOf(badRegion)).toMatchObject({ code: 'invalid' });
    const noRegion = await w.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'zhang', role: 'inspector' },
    });
    expect(noRegion.statusCode).toBe(422);
    const weak = await w.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'zhang', role: 'viewer', password: 'short' },
    });
    expect(weak.statusCode).toBe(422);

    const page = await w.app.inject({ url: '/api/users?role=inspector&limit=2&offset=0', headers: admin });
    expect(page.json()).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect((page.json() as { items: unknown[] }).items).toHaveLength(2);
    expect(page.body).not.toContain('scrypt');

    const moved = await w.app.inject({
      method: 'PATCH',
      url: '/api/users/li.wei',
      headers: admin,
      payload: { regions: ['360700'] },
    });
    expect(moved.json()).toMatchObject({ regions: ['360700'] });
    // The new scope applies to the open session at once.
    const visible = await w.app.inject({ url: '/api/enterprises', headers: { cookie: liCookie } });
    expect(
      (visible.json() as { items: { region: string }[] }).items.every((e) => e.region.startsWith('3607')),
    ).toBe(true);

    const reset = await w.app.inject({
      method: 'PUT',
      url: '/api/users/li.wei/password',
      headers: admin,
      payload: {},
    });
    const newPassword = (reset.json() as { password: string }).password;
    expect(newPassword).toMatch(/^[A-Za-z2-9]{20}$/);
    expect((await w.app.inject({ url: '/api/auth/me', headers: { cookie: liCookie } })).statusCode).toBe(401);
    const again = await login(w.app, 'li.wei', newPassword);

    const disabled = await w.app.inject({
      method: 'PATCH',
      url: '/api/users/li.wei',
      headers: admin,
      payload: { disabled: true },
    });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await w.app.inject({ url: '/api/auth/me', headers: { cookie: again } })).statusCode).toBe(401);
    const refused = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'li.wei', password: newPassword },
    });
    expect(refused.statusCode).toBe(401);

    expect(
      (await w.app.inject({ method: 'DELETE', url: '/api/users/li.wei', headers: admin })).statusCode,
    ).toBe(204);
    expect((await w.app.inject({ url: '/api/users/li.wei', headers: admin })).statusCode).toBe(404);
    const self = await w.app.inject({ method: 'DELETE', url: '/api/users/admin', headers: admin });
    expect(self.statusCode).toBe(409);
    const lastAdmin = await w.app.inject({
      method: 'PATCH',
      url: '/api/users/admin',
      headers: admin,
      payload: { role: 'viewer' },
    });
    expect(lastAdmin.statusCode).toBe(409);
    const unknownField = await w.app.inject({
      method: 'PATCH',
      url: '/api/users/viewer',
      headers: admin,
      payload: { role: 'analyst', superuser: true },
    });
    expect(unknownField.statusCode).toBe(400);
    expect((await w.app.inject({ url: '/api/users/viewer', headers: admin })).json()).toMatchObject({
      role: 'viewer',
    });
  });

  it('changes your own password: the current one must be right; other sessions end', async () => {
    const first = await login(w.app, 'baotou', PASSWORDS.baotou);
    const second = await login(w.app, 'baotou', PASSWORDS.baotou);
    const wrong = await w.app.inject({
      method: 'PUT',
      url: '/api/auth/password',
      headers: { cookie: first },
      payload: { currentPassword: 'nope-nope-nope', newPassword: 'a-new-Password-77' },
    });
    expect(wrong.statusCode).toBe(422);
    const ok = await w.app.inject({
      method: 'PUT',
      url: '/api/auth/password',
      headers: { cookie: first },
      payload: { currentPassword: PASSWORDS.baotou, newPassword: 'a-new-Password-77' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await w.app.inject({ url: '/api/auth/me', headers: { cookie: first } })).statusCode).toBe(200);
    expect((await w.app.inject({ url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    await login(w.app, 'baotou', 'a-new-Password-77');
  });
});

describe.each(storeKinds())('sign-in rate limits on %s', (kind) => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await createApiWorld(kind, { login: false });
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('throttles a username after repeated failures (429, even with the right password), audited', async () => {
    const app = await createServer({ store: w.t.store, loginThrottle: { maxFailures: 3, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'analyst', password: `guess-${i}-wrong` },
        });
        expect(res.statusCode).toBe(401);
      }
      const blocked = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'analyst', password: PASSWORDS.analyst },
      });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(problemOf(blocked).code).toBe('rate_limited');
      // Other accounts are not affected.
      await login(app, 'viewer', PASSWORDS.viewer);
      const throttled = await listAudit(w.t.store.db, { action: 'auth.login_failed', actor: 'analyst' });
      expect(throttled.items.map((e) => JSON.parse(e.details).reason)).toContain('throttled');
    } finally {
      await app.close();
    }
  });

  it('limits sign-in attempts per IP (429 problem)', async () => {
    const app = await createServer({ store: w.t.store, limits: { loginPerIpPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `user${i}`, password: 'whatever-it-is' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(problemOf(res).code).toBe('rate_limited');
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await app.close();
    }
  });
});
