// Issue 4's speed benchmark: store → lists on SQLite, and the mass balance's core aggregation side
// by side in JS, DuckDB and SQL.
//
//   npm run bench:inspect [-- --lines 1000000,10000000] [--quick] [--runs 3] [--seed 1] [--rebuild] [--write]
//
// For each size, a SQLite store holding the simulated national year (1,594 enterprises) is built
// once through the real import path (`importFile`: enterprises, quotas, prices, invoices, as
// `oresight demo` does) and cached under bench/out/ by seed and size (--rebuild to redo it). Then,
// each in a fresh child process so that its peak RSS is the inspection's alone: open the store and
// `runInspection` (load the Dataset from the columnar segments, every stage of core/inspect, persist
// the result and lists). Then one more child loads the Dataset and computes, per enterprise, REO kg
// and amount purchased and sold over the period's counted material lines (not voided, red lines
// netted by their sign, fees and unmatched items left out): (a) in JS over the typed columns,
// (b) in DuckDB after appending the same columns (load and query timed apart), (c) in SQL GROUP BY
// over the store's `invoice_lines` view, and on PostgreSQL too when DATABASE_URL names a store that
// is empty (it is filled with the same files) or holds the same batches. All must agree to the gram
// and the fen, and with the inspection's own reoInKg/reoOutKg/purchaseAmount/saleAmount.
// Prints a markdown block for docs/benchmarks.md (## Inspection; --write replaces that section).
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER } from '@duckdb/node-api';
import { sql } from 'kysely';
import {
  computeFingerprint,
  getRunResult,
  importFile,
  loadDataset,
  openAppStore,
  runInspection,
} from '@oresight/app';
import type { ImportKind, LoadStats, Store } from '@oresight/app';
import { LineFlag, dayNumberOrThrow } from '@oresight/core/domain';
import type { DatasetLines } from '@oresight/core/inspect';
import { DEFAULT_SIMULATION } from '@oresight/core/simulate';
import { machineLine, writeBenchmarkSection } from './lib/report.ts';
import { BENCH_OUT, ensureSimFiles } from './lib/sim-files.ts';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000,10000000' },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    rebuild: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    // Internal: a measurement in a child process.
    child: { type: 'string' },
    db: { type: 'string' },
    'run-id': { type: 'string' },
    'pg-url': { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const SEED = Number(values.seed);
const YEAR = DEFAULT_SIMULATION.year;
const PERIOD = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
const ROOT = resolve(import.meta.dirname, '..');
const VOIDED = LineFlag.VOIDED;
const s = (ms: number) => (ms / 1000).toFixed(2);
const fmt = (n: number) => n.toLocaleString('en-US');

/** What one inspection child reports. */
interface InspectRun {
  openMs: number;
  load: LoadStats['ms'];
  inspectMs: number;
  persistMs: number;
  /** runInspection minus load, inspect and persist: policy lookup, the run row. */
  otherMs: number;
  endToEndMs: number;
  /** CPU time (user + system, all threads) of the same span: the machine is shared. */
  cpuMs: number;
  stages: { stage: string; ms: number }[];
  lines: number;
  counts: Record<string, number>;
  runId: number;
  peakRssMb: number;
}

interface Timed {
  firstMs: number;
  bestMs: number;
}

/** What the aggregation child reports. */
interface AggregateReport {
  lines: number;
  enterprises: number;
  datasetLoadMs: number;
  js: Timed;
  duckdb: Timed & { loadMs: number };
  sqlite: Timed;
  postgres: (Timed & { version: string }) | null;
  /** Enterprises whose figures differ (by more than 1 g or 1 fen) from the JS aggregation. */
  mismatches: Record<string, number>;
  peakRssMb: number;
}

/** Per enterprise (taxpayer ID): REO kg purchased, amount purchased (CNY), REO kg sold, amount sold. */
type Sums = Map<string, [number, number, number, number]>;

// ---------------------------------------------------------------- the aggregation, four ways

/** One chunk of the JS pass (kernels per chunk, as in core/inspect: chunks.ts says why). */
function sumKernel(
  L: DatasetLines,
  material: Uint8Array,
  d0: number,
  d1: number,
  out: Float64Array,
  c0: number,
  c1: number,
): void {
  const { flags, day, seller, buyer, product, reoKg, amount } = L;
  for (let i = c0; i < c1; i++) {
    if ((flags[i]! & VOIDED) !== 0) continue;
    const d = day[i]!;
    if (d < d0 || d > d1) continue;
    const p = product[i]!;
    if (p < 0 || material[p] === 0) continue;
    const b = buyer[i]! * 4;
    const sl = seller[i]! * 4;
    out[b]! += reoKg[i]!;
    out[b + 1]! += amount[i]!;
    out[sl + 2]! += reoKg[i]!;
    out[sl + 3]! += amount[i]!;
  }
}

function aggregateJs(
  L: DatasetLines,
  material: Uint8Array,
  d0: number,
  d1: number,
  nE: number,
): Float64Array {
  const out = new Float64Array(nE * 4);
  for (let c0 = 0; c0 < L.count; c0 += 1 << 16)
    sumKernel(L, material, d0, d1, out, c0, Math.min(L.count, c0 + (1 << 16)));
  return out;
}

/** The same aggregation in SQL; `lines` has seller, buyer, reo and amount columns, already filtered. */
const UNION_GROUP_BY = (lines: string, amount: string) => `
  select e, sum(ikg) as ikg, sum(iamt) as iamt, sum(okg) as okg, sum(oamt) as oamt from (
    select buyer as e, reo as ikg, ${amount} as iamt, 0 as okg, 0 as oamt from ${lines} l
    union all
    select seller, 0, 0, reo, ${amount} from ${lines} l
  ) x group by e`;

/** DuckDB in memory: append the Dataset's columns, then GROUP BY. */
async function aggregateDuckDb(
  L: DatasetLines,
  feeProducts: number[],
  d0: number,
  d1: number,
): Promise<{
  loadMs: number;
  query: () => Promise<[number, number, number, number, number][]>;
  close: () => void;
}> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const t0 = performance.now();
  await conn.run(
    'create table lines (day integer, seller integer, buyer integer, product integer, flags integer, reo double, amount double)',
  );
  const appender = await conn.createAppender('lines');
  const types = [INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE];
  const columns = [L.day, L.seller, L.buyer, L.product, L.flags, L.reoKg, L.amount];
  const VECTOR = 2048; // DuckDB's vector size: the most rows a data chunk holds
  for (let i0 = 0; i0 < L.count; i0 += VECTOR) {
    const m = Math.min(VECTOR, L.count - i0);
    const chunk = DuckDBDataChunk.create(types, m);
    columns.forEach((col, c) => {
      const v = chunk.getColumnVector(c);
      for (let j = 0; j < m; j++) v.setItem(j, col[i0 + j]!);
      v.flush();
    });
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
  const loadMs = performance.now() - t0;
  const fees = [-1, ...feeProducts].join(',');
  const counted = `(select seller, buyer, reo, amount from lines where (flags & ${VOIDED}) = 0 and day between ${d0} and ${d1} and product >= 0 and product not in (${fees}))`;
  const query = async () =>
    (await conn.runAndReadAll(UNION_GROUP_BY(counted, 'amount'))).getRowsJS() as [
      number,
      number,
      number,
      number,
      number,
    ][];
  return {
    loadMs,
    query,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** SQL over the store's `invoice_lines` view (one statement for SQLite and PostgreSQL). */
async function aggregateStoreSql(store: Store, feeIds: string[]): Promise<Sums> {
  // Values inlined: the period and catalogue ids are ours, not outside input.
  const notFee = feeIds.map((id) => ` and product_id <> '${id.replaceAll("'", "''")}'`).join('');
  const counted = `(select seller_tax_id as seller, buyer_tax_id as buyer, reo_kg as reo, amount_fen from invoice_lines
    where issue_date between '${PERIOD.from}' and '${PERIOD.to}' and (flags & ${VOIDED}) = 0 and product_id is not null${notFee})`;
  const rows = await sql
    .raw<{ e: string; ikg: number; iamt: number | string; okg: number; oamt: number | string }>(
      UNION_GROUP_BY(counted, 'amount_fen'),
    )
    .execute(store.db);
  // Amounts are integer fen in the store (PostgreSQL sums bigint into numeric, returned as text).
  return new Map(
    rows.rows.map((r) => [r.e, [Number(r.ikg), Number(r.iamt) / 100, Number(r.okg), Number(r.oamt) / 100]]),
  );
}

/** Enterprises whose figures differ by more than a gram or a fen (an absent enterprise counts as zeros). */
function mismatches(a: Sums, b: Sums, kgTol = 0.001, cnyTol = 0.01): number {
  let n = 0;
  const zero = [0, 0, 0, 0] as const;
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? zero;
    const y = b.get(key) ?? zero;
    const tol = [kgTol, cnyTol, kgTol, cnyTol];
    if (x.some((v, k) => !(Math.abs(v - y[k]!) <= tol[k]! + 1e-9))) n++;
  }
  return n;
}

async function timeRuns<T>(fn: () => T | Promise<T>): Promise<Timed & { value: T }> {
  let value: T | undefined;
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    value = await fn();
    ms.push(performance.now() - t);
  }
  return { firstMs: ms[0]!, bestMs: Math.min(...ms), value: value as T };
}

// ---------------------------------------------------------------- child processes

async function inspectChild(db: string): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const store = await openAppStore({ ORESIGHT_DB: db });
  const tOpen = performance.now();
  const run = await runInspection(store, { period: PERIOD, user: 'bench' });
  const tEnd = performance.now();
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  const { load, inspectMs, persistMs, stages } = run.stats;
  const report: InspectRun = {
    openMs: tOpen - t0,
    load: load.ms,
    inspectMs,
    persistMs,
    otherMs: tEnd - tOpen - load.ms.total - inspectMs - persistMs,
    endToEndMs: tEnd - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stages: [...stages],
    lines: load.linesInPeriod,
    counts: { ...run.result.counts },
    runId: run.runId,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function aggregateChild(db: string, runId: number | null, pgUrl: string | null): Promise<void> {
  const store = await openAppStore({ ORESIGHT_DB: db });
  const t0 = performance.now();
  const { dataset } = await loadDataset(store, PERIOD);
  const datasetLoadMs = performance.now() - t0;
  const L = dataset.lines;
  const [d0, d1] = [dayNumberOrThrow(PERIOD.from), dayNumberOrThrow(PERIOD.to)];
  const material = Uint8Array.from(dataset.products, (p) => (p.category === 'fee' ? 0 : 1));
  const feeIdx = dataset.products.flatMap((p, i) => (p.category === 'fee' ? [i] : []));
  const feeIds = feeIdx.map((i) => dataset.products[i]!.id);
  const taxId = (e: number) => dataset.enterprises[e]!.taxId;
  const nE = dataset.enterprises.length;

  const js = await timeRuns(() => aggregateJs(L, material, d0, d1, nE));
  const jsSums: Sums = new Map();
  for (let e = 0; e < nE; e++) {
    const o = js.value.subarray(e * 4, e * 4 + 4);
    if (o.some((v) => v !== 0)) jsSums.set(taxId(e), [o[0]!, o[1]!, o[2]!, o[3]!]);
  }

  const duck = await aggregateDuckDb(L, feeIdx, d0, d1);
  const duckRuns = await timeRuns(duck.query);
  duck.close();
  const duckSums: Sums = new Map(duckRuns.value.map(([e, ...v]) => [taxId(e), v]));

  const sqlite = await timeRuns(() => aggregateStoreSql(store, feeIds));
  const found: Record<string, number> = {
    duckdb: mismatches(jsSums, duckSums),
    sqlite: mismatches(jsSums, sqlite.value),
  };
  let postgres: AggregateReport['postgres'] = null;
  if (pgUrl) {
    const pg = await openAppStore({ DATABASE_URL: pgUrl });
    try {
      const r = await timeRuns(() => aggregateStoreSql(pg, feeIds));
      found.postgres = mismatches(jsSums, r.value);
      const v = await sql.raw<{ v: string }>(`select current_setting('server_version') as v`).execute(pg.db);
      postgres = { firstMs: r.firstMs, bestMs: r.bestMs, version: v.rows[0]?.v ?? '?' };
    } finally {
      await pg.close();
    }
  }
  // The inspection's own figures (rounded to 3 decimals of kg and 2 of CNY when the result is built).
  const result = runId === null ? undefined : await getRunResult(store, runId);
  if (result) {
    const fromResult: Sums = new Map(
      result.enterprises.map((e) => [
        e.taxId,
        [e.signals.reoInKg, e.signals.purchaseAmount, e.signals.reoOutKg, e.signals.saleAmount],
      ]),
    );
    found.inspection = mismatches(jsSums, fromResult, 0.0015, 0.015);
  }
  await store.close();
  const report: AggregateReport = {
    lines: L.count,
    enterprises: nE,
    datasetLoadMs,
    js: { firstMs: js.firstMs, bestMs: js.bestMs },
    duckdb: { loadMs: duck.loadMs, firstMs: duckRuns.firstMs, bestMs: duckRuns.bestMs },
    sqlite: { firstMs: sqlite.firstMs, bestMs: sqlite.bestMs },
    postgres,
    mismatches: found,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** Runs this file as a child measurement; returns its JSON report (the last line of its output). */
function child<T>(args: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const last = r.stdout
    .trim()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  if (r.status !== 0 || !last) throw new Error(`child ${args.join(' ')} failed (${r.status}): ${r.stdout}`);
  return JSON.parse(last) as T;
}

// ---------------------------------------------------------------- building the stores

async function importAll(store: Store, lines: number, label: string): Promise<number> {
  const files = ensureSimFiles(lines, SEED);
  const started = performance.now();
  const steps: [ImportKind, string][] = [
    ['enterprises', files.enterprises],
    ['quotas', files.quotas],
    ['prices', files.prices],
    ['invoices', files.invoices],
  ];
  for (const [kind, path] of steps) {
    let said = performance.now();
    const outcome = await importFile(store, path, {
      kind,
      user: 'bench',
      onProgress: (p) => {
        if (performance.now() - said < 10_000) return;
        said = performance.now();
        console.error(
          `  ${label}: importing ${kind}, ${p.phase} ${((100 * p.bytesDone) / Math.max(1, p.bytesTotal)).toFixed(0)}% ` +
            `(${fmt(p.rowsRead)} rows, ${s(said - started)} s)`,
        );
      },
    });
    if (outcome.status !== 'committed')
      throw new Error(
        `${kind}: ${outcome.status}, ${outcome.rejected} rejected: ${JSON.stringify(outcome.fatal)}`,
      );
    console.error(
      `  ${label}: ${kind} committed, ${fmt(outcome.accepted)} rows (${s(outcome.durationMs)} s)`,
    );
  }
  return performance.now() - started;
}

/** The cached SQLite store of one size (built through the import path when missing). */
async function ensureStore(lines: number): Promise<{ path: string; importMs: number | null }> {
  const path = join(BENCH_OUT, `store-${SEED}-${lines}.db`);
  if (values.rebuild) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  if (existsSync(path)) {
    // Opening applies any migration added since the store was built, outside the measurements.
    await (await openAppStore({ ORESIGHT_DB: path })).close();
    return { path, importMs: null };
  }
  const part = `${path}.part`;
  for (const f of [part, `${part}-wal`, `${part}-shm`]) rmSync(f, { force: true });
  console.error(`building ${path} (${fmt(lines)} lines; the 10M store takes several minutes)`);
  const store = await openAppStore({ ORESIGHT_DB: part });
  const importMs = await importAll(store, lines, fmt(lines));
  await store.close();
  if (existsSync(`${part}-wal`)) throw new Error(`${part}-wal is left after closing: not renaming`);
  renameSync(part, path);
  return { path, importMs };
}

/** The PostgreSQL store at DATABASE_URL, filled with this size's files when empty; null when it holds other data. */
async function preparePostgres(url: string, sqlitePath: string, lines: number): Promise<string | null> {
  const pg = await openAppStore({ DATABASE_URL: url });
  const lite = await openAppStore({ ORESIGHT_DB: sqlitePath });
  try {
    const [want, have] = [await computeFingerprint(lite), await computeFingerprint(pg)];
    if (have === want) return url;
    const batches = await sql<{
      n: number | string;
    }>`select count(*) as n from import_batches where status = 'committed'`.execute(pg.db);
    if (Number(batches.rows[0]?.n ?? 0) > 0) {
      console.error(`  PostgreSQL at DATABASE_URL holds other data: skipped for ${fmt(lines)} lines`);
      return null;
    }
    console.error(`  filling PostgreSQL at DATABASE_URL with the ${fmt(lines)}-line year`);
    await importAll(pg, lines, `PostgreSQL ${fmt(lines)}`);
    return (await computeFingerprint(pg)) === want ? url : null;
  } finally {
    await pg.close();
    await lite.close();
  }
}

// ---------------------------------------------------------------- the report

interface SizeResult {
  target: number;
  importMs: number | null;
  runs: InspectRun[];
  agg: AggregateReport;
}

const ENGINES = ['js', 'duckdb', 'sqlite', 'postgres'] as const;
const ENGINE_NAMES: Record<(typeof ENGINES)[number], string> = {
  js: 'JS over the columnar Dataset (typed arrays)',
  duckdb: 'DuckDB (in memory, columns appended from the Dataset)',
  sqlite: 'SQLite SQL, GROUP BY over `invoice_lines`',
  postgres: 'PostgreSQL SQL, GROUP BY over `invoice_lines`',
};

function verdicts(r: SizeResult): string[] {
  const best = (f: (x: InspectRun) => number) => Math.min(...r.runs.map(f));
  const e2e = best((x) => x.endToEndMs);
  const cpu = r.runs.find((x) => x.endToEndMs === e2e)!.cpuMs;
  const insp = best((x) => x.inspectMs);
  const peak = Math.max(...r.runs.map((x) => x.peakRssMb));
  const lines = r.runs[0]!.lines;
  const ok = (b: boolean) => (b ? 'met' : '**missed**');
  const out = [
    `${fmt(lines)} lines: store → lists ${s(e2e)} s (CPU ${s(cpu)} s), inspection alone ${s(insp)} s, peak RSS ${(peak / 1024).toFixed(2)} GB (best of ${r.runs.length}; first run ${s(r.runs[0]!.endToEndMs)} s)`,
  ];
  if (lines >= 9_000_000)
    out.push(
      `  targets: store → lists ≤ 10 s ${ok(e2e <= 10_000)}; inspection ≤ 3 s ${ok(insp <= 3000)}; peak ≤ 3 GB ${ok(peak <= 3072)}`,
    );
  else if (lines >= 900_000 && lines <= 1_100_000)
    out.push(`  target: store → lists ≤ 1 s ${ok(e2e <= 1000)}`);
  const a = r.agg;
  const timed = ENGINES.flatMap((k) => {
    const t = a[k];
    return t ? [{ k, ms: t.bestMs }] : [];
  }).sort((x, y) => x.ms - y.ms);
  const fastest = timed[0]!;
  const others = timed
    .slice(1)
    .map((t) => `${t.k} ${(t.ms / fastest.ms).toFixed(1)}× slower`)
    .join(', ');
  out.push(
    `  aggregation: fastest ${fastest.k} (${fastest.ms.toFixed(0)} ms; ${others}); DuckDB with its load ${(a.duckdb.loadMs + a.duckdb.bestMs).toFixed(0)} ms; ` +
      `agreement (enterprises differing from JS by > 1 g or 1 fen): ${Object.entries(a.mismatches)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
  );
  return out;
}

function markdown(results: SizeResult[], machine: string, sizesArg: string): string {
  const stageNames = [
    ...new Set(results.flatMap((r) => r.runs.flatMap((x) => x.stages.map((t) => t.stage)))),
  ];
  const e2eRows = results.flatMap((r) =>
    r.runs.map((x, i) => {
      const { registry, segments, segmentRead, segmentDecode, total } = x.load;
      const remap = segments - segmentRead - segmentDecode;
      return `| ${fmt(x.lines)} | ${i + 1}${i === 0 ? ' (first)' : ''} | ${s(x.openMs)} | ${s(registry)} | ${s(segmentRead)} | ${s(segmentDecode)} | ${s(remap)} | ${s(total - registry - segments)} | ${s(x.inspectMs)} | ${s(x.persistMs)} | ${s(x.otherMs)} | **${s(x.endToEndMs)}** | ${s(x.cpuMs)} | ${fmt(x.peakRssMb)} |`;
    }),
  );
  const stageRows = results.map((r) => {
    const best = r.runs.reduce((a, b) => (b.inspectMs < a.inspectMs ? b : a));
    const ms = (name: string) => best.stages.find((t) => t.stage === name)?.ms.toFixed(0) ?? '—';
    return `| ${fmt(best.lines)} | ${stageNames.map(ms).join(' | ')} | ${best.inspectMs.toFixed(0)} |`;
  });
  const aggRows = results.flatMap((r) =>
    ENGINES.flatMap((k) => {
      const t = r.agg[k];
      if (!t) return [];
      const load =
        k === 'js'
          ? `${r.agg.datasetLoadMs.toFixed(0)} (Dataset from the store)`
          : k === 'duckdb'
            ? r.agg.duckdb.loadMs.toFixed(0)
            : '— (in the store)';
      const miss =
        k === 'js' ? '(reference)' : r.agg.mismatches[k] === 0 ? 'yes' : `**${r.agg.mismatches[k]} differ**`;
      return [
        `| ${fmt(r.agg.lines)} | ${ENGINE_NAMES[k].replace('PostgreSQL', `PostgreSQL ${r.agg.postgres?.version ?? ''}`)} | ${load} | ${t.firstMs.toFixed(0)} | **${t.bestMs.toFixed(0)}** | ${miss} |`,
      ];
    }),
  );
  const builds = results
    .filter((r) => r.importMs !== null)
    .map((r) => `${fmt(r.runs[0]!.lines)} lines imported in ${s(r.importMs!)} s`);
  return [
    `Command: \`npm run bench:inspect -- --lines ${sizesArg}\` (bench/inspect.bench.ts), ${new Date().toISOString().slice(0, 10)}. ` +
      `The simulated national year ${YEAR} (seed ${SEED}, 1,594 enterprises) imported into a SQLite store through the ordinary import path ` +
      `(cached in bench/out/${builds.length > 0 ? `; this run: ${builds.join(', ')}` : ''}). Each inspection run is a fresh child process: ` +
      `open the store, \`runInspection\` for the year (load the Dataset from the columnar segments, inspect, persist the result and lists), ` +
      `timed inside the process (module loading excluded; the OS file cache is not dropped, so run 1 is a fresh process, not a cold disk); peak RSS is that process's maxRSS. Targets (issue 4): 10M lines store → lists ≤ 10 s, ` +
      `inspection alone ≤ 3 s, peak ≤ 3 GB; 1M lines ≤ 1 s.`,
    `Machine: ${machine}, at the end ${os.loadavg()[0]!.toFixed(2)} (the machine is shared: compare CPU time and ratios).`,
    '',
    ...results.flatMap((r) => verdicts(r).map((l) => (l.startsWith('  ') ? `  - ${l.trim()}` : `- ${l}`))),
    '',
    'Store → lists, seconds. Load = the registry; the columnar segments read from the store (blobs), decoded (zero-copy views, invoice-key text split) and their lines remapped to global indexes (invoices by their store id through a dense array; segments of format 1 by key through a Map); other = quotas, prices, declared stocks, fingerprint. Persist = serialise, gzip and write the result, lists and audit entry:',
    '',
    '| lines | run | open | load: registry | load: read segments | load: decode | load: remap lines | load: other | inspect | persist | policy, run row | **store → lists** | CPU | peak RSS MB |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...e2eRows,
    '',
    'Inspection stages, ms (the run with the fastest inspection):',
    '',
    `| lines | ${stageNames.join(' | ')} | inspect |`,
    `|---:|${stageNames.map(() => '---:|').join('')}---:|`,
    ...stageRows,
    '',
    `The mass balance's core aggregation side by side (per enterprise: REO kg and amount purchased and sold over the year's counted material lines — not voided, red lines netted, fees and unmatched items left out), milliseconds; first and best of ${RUNS} runs in one process. Agrees = every enterprise equal to the JS figures within 1 g and 1 fen (the inspection's own reoInKg/reoOutKg/purchaseAmount/saleAmount are checked too).`,
    '',
    '| lines | engine | load | query, first | query, best | agrees |',
    '|---:|---|---:|---:|---:|---|',
    ...aggRows,
  ].join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const sizesArg = values.quick ? '200000' : values.lines;
  const sizes = sizesArg.split(',').map((x) => Number(x.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
    throw new Error(`--lines: whole numbers ≥ 1000, got ${sizesArg}`);
  const machine = machineLine();
  console.error(`machine: ${machine}`);
  const pgUrl = process.env.DATABASE_URL?.trim() || null;
  const results: SizeResult[] = [];
  for (const target of sizes) {
    const { path, importMs } = await ensureStore(target);
    const pg = pgUrl ? await preparePostgres(pgUrl, path, target) : null;
    const runs: InspectRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      const x = child<InspectRun>(['--child', 'inspect', '--db', path]);
      runs.push(x);
      console.error(
        `${fmt(x.lines)} lines, run ${r + 1}: store → lists ${s(x.endToEndMs)} s (CPU ${s(x.cpuMs)} s) = open ${s(x.openMs)} + load ${s(x.load.total)} ` +
          `(registry ${s(x.load.registry)}, segments ${s(x.load.segments)} of which read ${s(x.load.segmentRead)}, decode ${s(x.load.segmentDecode)}) + inspect ${s(x.inspectMs)} + persist ${s(x.persistMs)} ` +
          `+ other ${s(x.otherMs)}; peak RSS ${fmt(x.peakRssMb)} MB; lists ${JSON.stringify(x.counts)}; ` +
          `stages ${x.stages.map((t) => `${t.stage} ${t.ms.toFixed(0)}`).join(', ')} ms; load average ${os.loadavg()[0]!.toFixed(2)}`,
      );
    }
    const agg = child<AggregateReport>([
      '--child',
      'aggregate',
      '--db',
      path,
      '--run-id',
      String(runs[0]!.runId),
      ...(pg ? ['--pg-url', pg] : []),
    ]);
    const result = { target, importMs, runs, agg };
    results.push(result);
    for (const l of verdicts(result)) console.error(l);
  }
  const body = markdown(results, machine, sizesArg);
  if (values.write) writeBenchmarkSection('Inspection', body);
  console.log(`\n${body}`);
}

if (values.child === 'inspect') await inspectChild(values.db!);
else if (values.child === 'aggregate')
  await aggregateChild(
    values.db!,
    values['run-id'] ? Number(values['run-id']) : null,
    values['pg-url'] ?? null,
  );
else await main();
