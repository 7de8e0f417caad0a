// Import throughput: `npm run bench:import [-- --lines 1000000] [--no-pg] [--memory-lines 10000000]`.
// Imports a simulated GBK invoice CSV (1,594 enterprises, one year) with the real CLI, in a child
// process, into a fresh SQLite store and into a throwaway PostgreSQL cluster; reports lines/s and
// the importing process's peak RSS (from /usr/bin/time). With --memory-lines it also imports a
// much larger file to show that memory stays bounded. Results: docs/benchmarks.md (## Import).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresAvailable, startCluster } from '../scripts/pg-cluster.js';
import { machineLine, writeBenchmarkSection } from './lib/report.ts';
import { ensureSimFiles } from './lib/sim-files.ts';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    'no-pg': { type: 'boolean', default: false },
    'memory-lines': { type: 'string' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});
const CLI = resolve(import.meta.dirname, '../packages/cli/bin/oresight.js');

interface Measured {
  seconds: number;
  linesPerSecond: number;
  peakRssMb: number;
  accepted: number;
}

/** Runs `oresight import invoices file` in a child under /usr/bin/time; returns wall time and peak RSS. */
function importOnce(file: string, lines: number, env: Record<string, string>): Measured {
  const started = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, CLI, 'import', 'invoices', file, '--user', 'bench'],
    { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`import failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  const rssKb = Number(r.stderr.trim().split('\n').pop());
  const accepted = Number(/accepted (\d+)/.exec(r.stdout)?.[1] ?? 0);
  if (accepted !== lines) throw new Error(`expected ${lines} accepted lines, got ${accepted}: ${r.stdout}`);
  return { seconds, linesPerSecond: lines / seconds, peakRssMb: Math.round(rssKb / 1024), accepted };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measureSqlite(file: string, lines: number, runs: number): Measured[] {
  const out: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'oresight-bench-'));
    try {
      out.push(importOnce(file, lines, { ORESIGHT_DB: join(dir, 'o.db'), DATABASE_URL: '' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

async function measurePostgres(file: string, lines: number, runs: number): Promise<Measured[]> {
  const out: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const cluster = await startCluster();
    try {
      out.push(importOnce(file, lines, { DATABASE_URL: cluster.url }));
    } finally {
      cluster.stop();
    }
  }
  return out;
}

const lines = Number(values.lines);
const runs = Number(values.runs);
const files = ensureSimFiles(lines);
const sizeMb = statSync(files.invoices).size / 1e6;
console.log(
  `file: ${files.invoices} (${files.lines.toLocaleString('en-US')} lines, ${sizeMb.toFixed(0)} MB GBK)`,
);
const sqlite = measureSqlite(files.invoices, files.lines, runs);
for (const m of sqlite)
  console.log(
    `SQLite: ${m.seconds.toFixed(2)} s, ${Math.round(m.linesPerSecond).toLocaleString('en-US')} lines/s, peak RSS ${m.peakRssMb} MB`,
  );
const pg =
  !values['no-pg'] && isPostgresAvailable() ? await measurePostgres(files.invoices, files.lines, runs) : [];
for (const m of pg)
  console.log(
    `PostgreSQL: ${m.seconds.toFixed(2)} s, ${Math.round(m.linesPerSecond).toLocaleString('en-US')} lines/s, peak RSS ${m.peakRssMb} MB`,
  );

let memoryRow = '';
if (values['memory-lines']) {
  const big = ensureSimFiles(Number(values['memory-lines']));
  const [m] = measureSqlite(big.invoices, big.lines, 1);
  if (m) {
    console.log(
      `SQLite, ${big.lines.toLocaleString('en-US')} lines: ${m.seconds.toFixed(1)} s, ${Math.round(m.linesPerSecond).toLocaleString('en-US')} lines/s, peak RSS ${m.peakRssMb} MB`,
    );
    memoryRow = `| SQLite | ${big.lines.toLocaleString('en-US')} | ${(statSync(big.invoices).size / 1e6).toFixed(0)} | ${m.seconds.toFixed(1)} | ${Math.round(m.linesPerSecond).toLocaleString('en-US')} | ${m.peakRssMb} |`;
  }
}

const row = (name: string, ms: Measured[]) =>
  ms.length === 0
    ? ''
    : `| ${name} | ${files.lines.toLocaleString('en-US')} | ${sizeMb.toFixed(0)} | ${median(ms.map((m) => m.seconds)).toFixed(2)} (${ms.map((m) => m.seconds.toFixed(2)).join(', ')}) | **${Math.round(median(ms.map((m) => m.linesPerSecond))).toLocaleString('en-US')}** | ${Math.max(...ms.map((m) => m.peakRssMb))} |`;
const body = [
  `Command: \`npm run bench:import -- --lines ${lines}${values['memory-lines'] ? ` --memory-lines ${values['memory-lines']}` : ''}\`. The real CLI (\`oresight import invoices\`) in a child process, into a fresh store each run: a simulated national year (seed 1, 1,594 enterprises) as a GBK CSV with the tax bureau's Chinese headers; every line validated, stored, put into the columnar segments; the original file kept (gzip). Wall time includes start-up, hashing and commit. Peak RSS of the importing process from \`/usr/bin/time\`. Median of ${runs} runs (all runs in brackets).`,
  `Machine: ${machineLine()}.`,
  '\n| store | lines | file MB | seconds | lines/s | peak RSS MB |',
  '|---|---|---|---|---|---|',
  row('SQLite', sqlite),
  row('PostgreSQL 15', pg),
  memoryRow,
]
  .filter((l) => l !== '')
  .join('\n');
if (!values['no-write']) writeBenchmarkSection('Import', body);
console.log(body);
