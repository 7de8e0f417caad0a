// Throwaway PostgreSQL clusters for tests and benchmarks, from the installed server binaries
// (`pg_config --bindir`). As root, initdb/postgres must run as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function bindir() {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    for (const v of ['17', '16', '15', '14']) {
      const dir = `/usr/lib/postgresql/${v}/bin`;
      if (existsSync(join(dir, 'pg_ctl'))) return dir;
    }
    return undefined;
  }
}

/** True when PostgreSQL server binaries are available on this machine. */
export function isPostgresAvailable() {
  const dir = bindir();
  return dir !== undefined && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function run(cmd, args, asPostgres) {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] =
    isRoot && asPostgres ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * Starts a throwaway cluster on a free loopback port, tuned for speed over durability.
 * @returns {{url: string, dir: string, port: number, stop: () => void}}
 */
export async function startCluster() {
  const dir = bindir();
  if (!dir) throw new Error('PostgreSQL server binaries not found (pg_config --bindir); install postgresql');
  const data = mkdtempSync(join(tmpdir(), 'oresight-pg-'));
  chmodSync(data, 0o777);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) run('chown', ['postgres:postgres', data], false);
  run(
    join(dir, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
    true,
  );
  const port = await freePort();
  const opts = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=4GB`;
  run(join(dir, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(data, 'server.log'), '-w', 'start'], true);
  const stop = () => {
    try {
      run(join(dir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], true);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir: data, port, stop };
}

// CLI use from .ci/run and benchmarks: `node scripts/pg-cluster.js start` prints
// `url dir`; `node scripts/pg-cluster.js stop <dir>` stops and removes it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, arg] = process.argv.slice(2);
  if (cmd === 'start') {
    const c = await startCluster();
    process.stdout.write(`${c.url} ${c.dir}\n`);
  } else if (cmd === 'stop' && arg) {
    const dir = bindir();
    run(join(dir, 'pg_ctl'), ['-D', arg, '-m', 'immediate', '-w', 'stop'], true);
    rmSync(arg, { recursive: true, force: true });
  } else {
    process.stderr.write('usage: node scripts/pg-cluster.js start | stop <dir>\n');
    process.exit(2);
  }
}
