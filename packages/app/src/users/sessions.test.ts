// Session lifetimes with an injected clock (the only thing mocked), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { resolveSession, signIn } from './sessions.ts';
import { createUser, updateUserAccount } from './users.ts';

const HOUR = 3600_000;
const POLICY = { idleMs: 8 * HOUR, absoluteMs: 24 * HOUR };

describe.each(storeKinds())('sessions on %s', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(kind);
    const r = await createUser(
      t.store,
      { username: 'li', role: 'viewer', password: 'grassland-Wind-4' },
      'test',
    );
    expect(r.ok).toBe(true);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const open = async (at: number) => {
    const r = await signIn(
      t.store,
      { username: 'li', password: 'grassland-Wind-4', ip: '10.0.0.1', userAgent: 'test' },
      { policy: POLICY, now: () => at },
    );
    if (!r.ok) throw new Error(r.error.en);
    return r.value;
  };

  it('ends after the idle time, slides with use, and never outlives the absolute limit', async () => {
    const t0 = Date.parse('2026-01-05T08:00:00Z');
    const idle = await open(t0);
    expect(idle.expiresAt).toBe('2026-01-05T16:00:00.000Z');
    expect(
      await resolveSession(t.store, idle.token, { policy: POLICY, now: () => t0 + 7 * HOUR }),
    ).toBeDefined();
    // Used at 7 h: the idle window now runs to 15 h.
    expect(
      await resolveSession(t.store, idle.token, { policy: POLICY, now: () => t0 + 14 * HOUR }),
    ).toBeDefined();
    expect(
      await resolveSession(t.store, idle.token, { policy: POLICY, now: () => t0 + 22 * HOUR + 1 }),
    ).toBeUndefined();

    const busy = await open(t0);
    for (let h = 6; h < 24; h += 6)
      expect(
        await resolveSession(t.store, busy.token, { policy: POLICY, now: () => t0 + h * HOUR }),
      ).toBeDefined();
    expect(
      await resolveSession(t.store, busy.token, { policy: POLICY, now: () => t0 + 24 * HOUR }),
    ).toBeUndefined();
  });

  it('stops working when the account is disabled, and answers unknown tokens with nothing', async () => {
    const now = Date.now();
    const s = await open(now);
    expect((await resolveSession(t.store, s.token, { policy: POLICY, now: () => now }))?.actor.username).toBe(
      'li',
    );
    await updateUserAccount(t.store, 'li', { disabled: true }, 'test');
    expect(await resolveSession(t.store, s.token, { policy: POLICY, now: () => now })).toBeUndefined();
    expect(await resolveSession(t.store, 'x'.repeat(43))).toBeUndefined();
    expect(await resolveSession(t.store, 'short')).toBeUndefined();
  });
});
