// The tamper test (issue 7): change, delete or reorder any audit row directly in the database
// (SQL UPDATE/DELETE, two rows' contents swapped, a changed row resealed) and `oresight audit
// verify` — a real process on the real store — exits non-zero naming the first broken entry.
// On SQLite and PostgreSQL.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEntryHash } from '@oresight/store';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import type { Actor } from '@oresight/app';
import { createCampaign, createUser, requestOverride, signIn } from '@oresight/app';
import { cliFor } from './run-cli.ts';

describe.each(storeKinds())('oresight audit verify on %s', { timeout: 240_000 }, (kind) => {
  let t: TestStore;
  const cli = cliFor(() => t.env);
  const entries = async () =>
    (await t.store.db.selectFrom('auditLog').selectAll().orderBy('id').execute()).map((e) => ({
      ...e,
      id: Number(e.id),
    }));

  beforeEach(async () => {
    t = await createTestStore(kind);
    // Eight real entries: users created, sign-ins (one failed), a campaign.
    for (const [name, role, regions] of [
      ['admin', 'admin', []],
      ['analyst', 'analyst', []],
      ['li', 'inspector', ['150000']],
    ] as const) {
      const r = await createUser(
        t.store,
        { username: name, role, regions: [...regions], password: 'tamper-Proof-9-chain' },
        'setup',
      );
      if (!r.ok) throw new Error(r.error.en);
    }
    await signIn(t.store, {
      username: 'analyst',
      password: 'tamper-Proof-9-chain',
      ip: '127.0.0.1',
      userAgent: null,
    });
    await signIn(t.store, {
      username: 'li',
      password: 'wrong-password-here',
      ip: '127.0.0.1',
      userAgent: null,
    });
    const analyst: Actor = { id: 2, username: 'analyst', role: 'analyst', regions: [] };
    const c = await createCampaign(t.store, analyst, {
      name: '专项行动',
      periodFrom: '2013-08-15',
      periodTo: '2013-11-15',
    });
    if (!c.ok) throw new Error(c.error.en);
    // A refused request writes nothing: the chain holds only what happened.
    expect(
      (
        await requestOverride(t.store, analyst, {
          runId: 1,
          taxId: '911502007012888877',
          list: 'grey',
          reason: '无此检查批次',
        })
      ).ok,
    ).toBe(false);
    expect((await entries()).map((e) => e.action)).toEqual([
      'user.create',
      'user.create',
      'user.create',
      'auth.login',
      'auth.login_failed',
      'campaign.create',
    ]);
  });
  afterEach(async () => {
    await t?.dispose();
  });

  it('passes an intact chain and lists it', async () => {
    const ok = await cli(['audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('audit chain intact: 6 entries');
    const list = await cli(['audit', 'list', '--action', 'auth', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const page = JSON.parse(list.stdout) as { total: number; items: { action: string; actor: string }[] };
    expect(page.items.map((e) => `${e.action} ${e.actor}`)).toEqual([
      'auth.login_failed li',
      'auth.login analyst',
    ]);
  });

  it('names the entry whose content was changed (SQL UPDATE)', async () => {
    await sql`update audit_log set details = ${'{"role":"viewer"}'} where id = 2`.execute(t.store.db);
    const r = await cli(['audit', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'audit chain broken at entry 2: its content does not match its hash (changed)',
    );
  });

  it('names the entry after a changed row that was resealed with a fresh hash', async () => {
    const [, , third] = await entries();
    if (!third) throw new Error('no entry 3');
    const forged = { ...third, actor: 'someone-else' };
    await sql`update audit_log set actor = ${forged.actor}, hash = ${auditEntryHash(forged)} where id = 3`.execute(
      t.store.db,
    );
    const r = await cli(['audit', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('audit chain broken at entry 4: it does not chain to the previous entry');
  });

  it('names the gap left by a deleted row (SQL DELETE)', async () => {
    await sql`delete from audit_log where id = 4`.execute(t.store.db);
    const r = await cli(['audit', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('audit chain broken at entry 5: entry 4 is missing (next entry is 5)');
  });

  it('notices the last entries cut off the end', async () => {
    await sql`delete from audit_log where id >= 5`.execute(t.store.db);
    const r = await cli(['audit', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'audit chain broken at entry 5: the chain ends at entry 4 but the recorded head is entry 6',
    );
  });

  it('names the first of two rows whose contents were swapped (reordered)', async () => {
    const all = await entries();
    const [a, b] = [all[2], all[3]];
    if (!a || !b) throw new Error('entries missing');
    const fields = (e: typeof a) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    });
    await t.store.db.updateTable('auditLog').set(fields(b)).where('id', '=', 3).execute();
    await t.store.db.updateTable('auditLog').set(fields(a)).where('id', '=', 4).execute();
    const r = await cli(['audit', 'verify', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, brokenAt: 3 });
    expect(r.stderr).toContain('audit chain broken at entry 3');
  });
});
