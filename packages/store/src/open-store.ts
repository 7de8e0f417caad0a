// Opening the store: an embedded SQLite file by default, PostgreSQL when DATABASE_URL says so.
// Both go through Kysely with the same schema and queries; the two bulk paths (prepared
// statements on SQLite, COPY on PostgreSQL) are the only dialect-specific code outside migrations.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Migration, MigrationProvider } from 'kysely';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type StoreConfig =
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

/** Where the store lives: DATABASE_URL (postgres://…) wins, else ORESIGHT_DB, else ./data/oresight.db. */
export function resolveStoreConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StoreConfig {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  return { kind: 'sqlite', file: resolve(env.ORESIGHT_DB?.trim() || './data/oresight.db') };
}

/** A transaction's handles: Kysely for ordinary queries, the raw connection for bulk paths. */
export type StoreTransaction =
  | { readonly kind: 'sqlite'; readonly db: Kysely<Database>; readonly sqlite: BetterSqlite3.Database }
  | { readonly kind: 'postgres'; readonly db: Kysely<Database>; readonly pg: pg.PoolClient };

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** The file path, or the URL without its password. */
  readonly location: string;
  /** Runs `fn` in one transaction: all of it lands, or none of it (a thrown error rolls back). */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (bigint) comes back from pg as a string; our bigints are fen and ids, far below 2^53.
pg.types.setTypeParser(20, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return n;
});

const plugins = [new CamelCasePlugin()];

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...MIGRATIONS };
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers (the server) work while an import writes; NORMAL is durable at checkpoints
  // and crash-safe (a transaction either committed or it didn't).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('cache_size = -262144');
  // Temporary B-trees and sorts (index builds after a bulk import, large ORDER BYs) go to temp
  // files, which the OS keeps in its page cache: in memory they would grow the process by the
  // size of the sort (~200 MB for a 10M-line import's party indexes).
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins });
  return {
    kind: 'sqlite',
    db,
    location: file,
    // Not Kysely's transaction(): SQLite rolls back by itself on some errors (SQLITE_FULL,
    // SQLITE_IOERR), and a second rollback would then replace the real error with "no transaction
    // is active". The connection is reserved so that no other query interleaves.
    transaction: (fn) =>
      db.connection().execute(async (conn) => {
        sqlite.prepare('begin immediate').run();
        try {
          const result = await fn({ kind: 'sqlite', db: conn, sqlite });
          sqlite.prepare('commit').run();
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.prepare('rollback').run();
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
}

/** A Kysely pool that always hands out one already-connected client (for a transaction). */
function singleClientPool(client: pg.PoolClient) {
  return {
    connect: async () => ({
      query: ((sqlText: string, parameters: readonly unknown[]) =>
        client.query(sqlText, parameters as unknown[])) as never,
      release: () => undefined,
    }),
    end: async () => undefined,
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection can be cut by the server (restart, admin termination). pg reports
  // that as an 'error' event on the pool; unhandled, it would crash the process. The next query
  // simply gets a fresh connection.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01')
      process.stderr.write(`oresight: idle PostgreSQL connection lost: ${error.message}\n`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  return {
    kind: 'postgres',
    db,
    location: redact(url),
    async transaction(fn) {
      const client = await pool.connect();
      const trx = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: singleClientPool(client) }),
        plugins,
      });
      try {
        await client.query('begin');
        const result = await fn({ kind: 'postgres', db: trx, pg: client });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * Opens (and by default migrates) the store.
 * @example const store = await openStore(resolveStoreConfig());
 */
export async function openStore(config: StoreConfig, options: { migrate?: boolean } = {}): Promise<Store> {
  const store = config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
