// `oresight start` (what `npm start` runs): build the web app if needed, load the demo year into
// the store on the first run, inspect it, make sure the demo administrator exists, and serve.
// Later starts find everything in place and only serve (target: under 10 s).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ensureDemoAdmin, listBatches, listRuns, loadDemo, openAppStore, runInspection } from '@oresight/app';
import { DEFAULT_SIMULATION } from '@oresight/core/simulate';
import { createServer } from '@oresight/server';
import { createProgressBar } from '../ui/progress.ts';
import { UsageError } from '../ui/errors.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WEB = join(ROOT, 'packages/web');
const WEB_DIST = join(WEB, 'dist');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path))
    if (entry !== 'node_modules' && entry !== 'dist')
      newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds packages/web when its sources are newer than dist (or dist is missing). */
function buildWebIfNeeded(log: (s: string) => void): void {
  const built = existsSync(join(WEB_DIST, 'index.html')) ? statSync(join(WEB_DIST, 'index.html')).mtimeMs : 0;
  if (built > 0 && newestMtime(join(WEB, 'src')) <= built && newestMtime(join(WEB, 'index.html')) <= built)
    return;
  if (!existsSync(join(WEB, 'index.html'))) {
    log('oresight: the web app is not part of this checkout yet: serving the API only');
    return;
  }
  log('oresight: building the web app (first start, or its sources changed)…');
  const r = spawnSync('npm', ['run', 'build', '-w', 'packages/web'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error('building the web app failed (see above)');
}

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`PORT must be a port number (0–65535), got "${text}"`);
  return port;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .summary('the one-command demo: build, load the demo year, inspect, serve')
    .description(
      'What `npm start` runs. On the first start: builds the web app, simulates the national demo year into the store ' +
        '(ORESIGHT_DB, default ./data/oresight.db), inspects it, and creates the administrator `admin` (password from ' +
        'ORESIGHT_ADMIN_PASSWORD, else generated and kept in data/admin-password.txt). Then serves http://localhost:PORT (default 8080).',
    )
    .option('--lines <n>', 'invoice lines of the demo year (first start only)', (v) => Number(v), 1_000_000)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { lines: number; host: string }) => {
      const started = Date.now();
      const log = (s: string) => process.stdout.write(`${s}\n`);
      const port = process.env.PORT ? portOf(process.env.PORT) : 8080;
      if (!Number.isInteger(opts.lines) || opts.lines < 1000)
        throw new UsageError('--lines must be a whole number ≥ 1000');
      buildWebIfNeeded(log);
      const store = await openAppStore();
      let app: Awaited<ReturnType<typeof createServer>> | undefined;
      try {
        if ((await listBatches(store.db, { kind: 'invoices', status: 'committed', limit: 1 })).total === 0) {
          log(
            `oresight: first start: loading the demo year (${DEFAULT_SIMULATION.year}, ${DEFAULT_SIMULATION.enterprises} enterprises, ~${opts.lines.toLocaleString('en-US')} invoice lines) into ${store.location}`,
          );
          let phase = '';
          let bar = createProgressBar('', 'count');
          await loadDemo(store, {
            simulation: { ...DEFAULT_SIMULATION, lines: opts.lines },
            user: 'npm start',
            onProgress: (p) => {
              if (p.phase !== phase) {
                bar.done();
                phase = p.phase;
                bar = createProgressBar(
                  p.phase === 'simulate' ? '模拟 simulate' : `导入 import ${p.phase}`,
                  p.phase === 'simulate' ? 'count' : 'bytes',
                );
              }
              bar.update(p.done, p.total);
            },
          });
          bar.done();
        }
        if ((await listRuns(store.db, { status: 'done', limit: 1 })).total === 0) {
          const year = DEFAULT_SIMULATION.year;
          log(`oresight: inspecting ${year}…`);
          const bar = createProgressBar('检查 inspect', 'count');
          const out = await runInspection(store, {
            period: { from: `${year}-01-01`, to: `${year}-12-31` },
            user: 'npm start',
            onProgress: (stage, d, t) => bar.update(d, t, stage),
          });
          bar.done(
            `oresight: run ${out.runId}: black ${out.result.counts.black}, grey ${out.result.counts.grey}, unrated ${out.result.counts.unrated}, white ${out.result.counts.white}`,
          );
        }
        const dataDir = store.kind === 'sqlite' ? dirname(store.location) : join(ROOT, 'data');
        const admin = await ensureDemoAdmin(
          store,
          join(dataDir, 'admin-password.txt'),
          process.env.ORESIGHT_ADMIN_PASSWORD,
        );
        app = await createServer({
          store,
          webRoot: WEB_DIST,
          logger: { level: process.env.LOG_LEVEL ?? 'warn' },
        });
        await app.listen({ port, host: opts.host });
        const address = app.server.address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        log('');
        log(
          `  oresight is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://localhost:${actualPort}`,
        );
        log(
          `  sign in as ${admin.username} / ${admin.password ?? '(the password set earlier — reset with: npx oresight user passwd admin)'}`,
        );
        log(`  store: ${store.location}   API docs: http://localhost:${actualPort}/api/docs   stop: Ctrl+C`);
        log('');
      } catch (error) {
        await app?.close();
        await store.close();
        throw error;
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void (async () => {
            try {
              await app?.close();
            } finally {
              await store.close();
              resolve();
            }
          })();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
