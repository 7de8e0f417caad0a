// The demo's administrator for `npm start`: user `admin` with ORESIGHT_ADMIN_PASSWORD, or a
// generated password kept (mode 0600) in the data folder so that every start can print it.
// There is no default password: a fresh store gets a fresh random one.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '@oresight/store';
import { createUser, getUserAccount, setUserPassword } from '../users/users.ts';

export interface DemoAdmin {
  readonly username: string;
  /** The password to print, or null when it was set earlier by someone else and is not known. */
  readonly password: string | null;
  readonly created: boolean;
}

/**
 * Makes sure user `admin` exists and returns the password to show.
 * @example await ensureDemoAdmin(store, 'data/admin-password.txt', process.env.ORESIGHT_ADMIN_PASSWORD);
 */
export async function ensureDemoAdmin(
  store: Store,
  passwordFile: string,
  fromEnv: string | undefined,
): Promise<DemoAdmin> {
  const username = 'admin';
  const existing = await getUserAccount(store, username);
  if (!existing) {
    const out = await createUser(
      store,
      { username, role: 'admin', ...(fromEnv ? { password: fromEnv } : {}) },
      'npm start',
    );
    if (!out.ok) throw new Error(`cannot create the demo administrator: ${out.error.en}`);
    const password = fromEnv ?? out.value.generatedPassword;
    if (!fromEnv && password) {
      mkdirSync(dirname(passwordFile), { recursive: true });
      writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
      chmodSync(passwordFile, 0o600);
    }
    return { username, password, created: true };
  }
  if (fromEnv) {
    const out = await setUserPassword(store, username, fromEnv, 'npm start');
    if (!out.ok) throw new Error(`cannot set the demo administrator's password: ${out.error.en}`);
    return { username, password: fromEnv, created: false };
  }
  const saved = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : '';
  return { username, password: saved || null, created: false };
}
