// `oresight user …` and `oresight token …` as a person runs them: a real process on a real store
// (SQLite and PostgreSQL), checked through the app's use cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUserAccount, listApiTokenViews, resolveApiToken, signIn } from '@oresight/app';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { cliFor } from './run-cli.ts';

// Each call starts a process (tsx) and may hash a password: seconds each on a busy machine.
describe.each(storeKinds())('oresight user and token on %s', { timeout: 240_000 }, (kind) => {
  let t: TestStore;
  const cli = cliFor(() => t.env);
  beforeAll(async () => {
    t = await createTestStore(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('adds a user with a generated password shown once, which signs in', async () => {
    const r = await cli(['user', 'add', 'boss', '--role', 'admin']);
    expect(r.code).toBe(0);
    const password = /password（仅显示一次 shown once）: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    const signed = await signIn(t.store, {
      username: 'boss',
      password: password ?? '',
      ip: null,
      userAgent: null,
    });
    expect(signed.ok).toBe(true);
  });

  it('adds an inspector with regions and a password from stdin; refuses bad input with exit code 2', async () => {
    const ok = await cli(
      [
        'user',
        'add',
        'li',
        '--role',
        'inspector',
        '--region',
        '150000,152500',
        '--region',
        '360700',
        '--password-stdin',
      ],
      'grassland-Wind-4-steel\n',
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('grassland');
    expect(await getUserAccount(t.store, 'li')).toMatchObject({
      role: 'inspector',
      regions: ['150000', '152500', '360700'],
    });
    const signed = await signIn(t.store, {
      username: 'li',
      password: 'grassland-Wind-4-steel',
      ip: null,
      userAgent: null,
    });
    expect(signed.ok).toBe(true);

    const county = await cli(['user', 'add', 'wang', '--role', 'inspector', '--region', '150204']);
    expect(county.code).toBe(2);
    expect(county.stderr).toContain('Invalid region code "150204"');
    expect((await cli(['user', 'add', 'wang', '--role', 'inspector'])).stderr).toContain(
      'needs at least one region',
    );
    expect((await cli(['user', 'add', 'wang', '--role', 'viewer', '--password', 'short'])).code).toBe(2);
    expect((await cli(['user', 'add', 'li', '--role', 'viewer'])).stderr).toContain('taken');
    expect((await cli(['user', 'add', 'wang', '--role', 'wizard'])).code).toBe(2);
    expect(await getUserAccount(t.store, 'wang')).toBeUndefined();
  });

  it('lists users, sets a new password (generated, shown once), and changes roles', async () => {
    const list = await cli(['user', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((u: { username: string }) => u.username)).toEqual(['boss', 'li']);
    expect(list.stdout).not.toContain('scrypt');
    const passwd = await cli(['user', 'passwd', 'li']);
    // Seen once in CI: the old password still signed in afterwards. Say why, if it happens again.
    expect({ code: passwd.code, stderr: passwd.stderr }).toEqual({ code: 0, stderr: '' });
    const fresh = /password（仅显示一次 shown once）: (\S+)/.exec(passwd.stdout)?.[1] ?? '';
    expect(
      (
        await signIn(t.store, {
          username: 'li',
          password: 'grassland-Wind-4-steel',
          ip: null,
          userAgent: null,
        })
      ).ok,
    ).toBe(false);
    expect((await signIn(t.store, { username: 'li', password: fresh, ip: null, userAgent: null })).ok).toBe(
      true,
    );
    expect((await cli(['user', 'set', 'li', '--role', 'viewer', '--region', '360000'])).code).toBe(0);
    expect(await getUserAccount(t.store, 'li')).toMatchObject({ role: 'viewer', regions: ['360000'] });
    expect((await cli(['user', 'passwd', 'nobody'])).code).toBe(2);
  });

  it('creates an API token printed once and stored as a hash; lists and revokes it', async () => {
    const r = await cli(['token', 'create', '--user', 'boss', '--name', 'nightly import']);
    expect(r.code).toBe(0);
    const token = /token（仅显示一次 shown once）: (ore_\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(await resolveApiToken(t.store, token)).toMatchObject({
      actor: { username: 'boss', role: 'admin' },
    });
    const list = await cli(['token', 'list']);
    expect(list.stdout).toContain('nightly import');
    expect(list.stdout).not.toContain(token);
    const [view] = await listApiTokenViews(t.store, { username: 'boss' });
    expect((await cli(['token', 'revoke', String(view?.id)])).code).toBe(0);
    expect(await resolveApiToken(t.store, token)).toBeUndefined();
    expect((await cli(['token', 'create', '--user', 'nobody'])).code).toBe(2);
  });
});
