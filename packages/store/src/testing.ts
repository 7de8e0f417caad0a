// Test support: every store test runs on SQLite and on a real PostgreSQL (house rule 6).
// Each call makes a fresh, empty store: a temporary SQLite file, or a new PostgreSQL database in
// the throwaway cluster that the test run's global setup started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Store } from './open-store.ts';
import { openStore } from './open-store.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** The store kinds this test run can exercise: both, unless PostgreSQL is absent (never in CI). */
export function storeKinds(): StoreKind[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestStore {
  store: Store;
  /** The config to open a second connection to the same store (e.g. a CLI subprocess). */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated store of the given kind.
 * @example const { store, dispose } = await createTestStore('postgres');
 */
export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'oresight-test-'));
    const file = join(dir, 'oresight.db');
    const store = await openStore({ kind: 'sqlite', file });
    return {
      store,
      env: { ORESIGHT_DB: file, DATABASE_URL: '' },
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('pgUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available to this test run');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const store = await openStore({ kind: 'postgres', url });
  return {
    store,
    env: { DATABASE_URL: url },
    async dispose() {
      await store.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
