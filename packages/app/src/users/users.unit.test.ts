import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { regionCodeProblem } from './roles.ts';

describe('passwords', () => {
  it('hashes with a random salt and verifies in constant time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    // A tampered or foreign hash never verifies (and never allocates absurd memory).
    expect(await verifyPassword('x', a.replace('32768', '1073741824'))).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('generates strong passwords from an unambiguous alphabet and checks chosen ones', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword('boss')));
    expect(seen.size).toBe(50);
    for (const p of seen) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(passwordProblem('short', 'li')?.en).toMatch(/at least 10/);
    expect(passwordProblem('li-is-my-password', 'li')?.en).toMatch(/username/);
    expect(passwordProblem('aaaaaaaaaaaa', 'li')?.en).toMatch(/too simple/);
    expect(passwordProblem('grassland-Wind-4', 'li')).toBeUndefined();
  });

  it('never generates a password it would refuse (one containing a short username)', () => {
    // 'Li' is in the alphabet: about one draw in 170 contained the user li's name (seen in CI as
    // `user passwd li` failing). A one-letter name is in most random draws.
    for (const name of ['li', 'a', 'Z9', '']) {
      for (let i = 0; i < 300; i++) expect(passwordProblem(generatePassword(name), name)).toBeUndefined();
    }
  });
});

describe('login throttle', () => {
  it('blocks a username after maxFailures within the window, until the oldest failure ages out', () => {
    const t = createLoginThrottle({ maxFailures: 3, windowMs: 60_000 });
    t.recordFailure('Li', 0);
    t.recordFailure('li', 10_000);
    expect(t.retryAfter('li', 10_000)).toBe(0);
    t.recordFailure('LI ', 20_000);
    expect(t.retryAfter('li', 20_000)).toBe(40);
    expect(t.retryAfter('wang', 20_000)).toBe(0);
    expect(t.retryAfter('li', 60_001)).toBe(0);
    t.recordFailure('li', 61_000);
    t.recordSuccess('li');
    expect(t.retryAfter('li', 61_000)).toBe(0);
  });
});

describe('region codes for users', () => {
  it('accepts shipped province and city codes only', () => {
    expect(regionCodeProblem('150000')).toBeUndefined();
    expect(regionCodeProblem('150200')).toBeUndefined();
    expect(regionCodeProblem('150204')?.en).toMatch(/Invalid region code/);
    expect(regionCodeProblem('990000')?.en).toMatch(/Invalid/);
  });
});
