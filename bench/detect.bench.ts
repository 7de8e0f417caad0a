// Detection quality on the simulator: `npm run bench:detect [-- --seeds 5 --lines 300000]`.
// For each seed: simulate a national year, import it into a fresh SQLite store through the
// ordinary import path, inspect it with the default policy, and compare the lists with truth.json.
// Black-list precision and recall, innocents on the black list, exposed innocents above grey, and
// recall per violation kind. Results go to docs/benchmarks.md (## Detection).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDemo, openAppStore, runInspection } from '@oresight/app';
import { DEFAULT_SIMULATION, createScenario } from '@oresight/core/simulate';
import { machineLine, writeBenchmarkSection } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    lines: { type: 'string', default: '300000' },
    year: { type: 'string', default: '2013' },
    'no-write': { type: 'boolean', default: false },
  },
});
const seeds = Number(values.seeds);
const lines = Number(values.lines);
const year = Number(values.year);

interface SeedResult {
  seed: number;
  violators: number;
  black: number;
  truePositive: number;
  falsePositive: string[];
  falseNegative: string[];
  exposedAboveGrey: string[];
  expectedGreyMissed: string[];
  /** Enterprises neither violating nor exposed in truth that the run put on the grey list. */
  legalOnGrey: number;
  perKind: Map<string, { total: number; caught: number }>;
  seconds: number;
}

async function runSeed(seed: number): Promise<SeedResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'oresight-detect-'));
  const store = await openAppStore({ ORESIGHT_DB: join(dir, 'o.db') });
  try {
    const simulation = { ...DEFAULT_SIMULATION, seed, year, lines };
    await loadDemo(store, { simulation });
    const truth = createScenario(simulation).truth;
    const { result } = await runInspection(store, { period: { from: `${year}-01-01`, to: `${year}-12-31` } });
    const list = new Map(result.enterprises.map((e) => [e.taxId, e.list]));
    const expectedBlack = new Set(
      truth.violators.filter((v) => v.expectedList === 'black').map((v) => v.taxId),
    );
    const black = result.enterprises.filter((e) => e.list === 'black').map((e) => e.taxId);
    const perKind = new Map<string, { total: number; caught: number }>();
    for (const v of truth.violators) {
      const caught =
        v.expectedList === 'black'
          ? list.get(v.taxId) === 'black'
          : list.get(v.taxId) === 'black' || list.get(v.taxId) === 'grey';
      for (const k of v.kinds) {
        const s = perKind.get(k) ?? { total: 0, caught: 0 };
        s.total++;
        if (caught) s.caught++;
        perKind.set(k, s);
      }
    }
    const violatorIds = new Set(truth.violators.map((v) => v.taxId));
    return {
      seed,
      violators: truth.violators.length,
      black: black.length,
      truePositive: black.filter((t) => expectedBlack.has(t)).length,
      // Innocent on the black list: neither a violator nor expected black.
      falsePositive: black.filter((t) => !expectedBlack.has(t)),
      falseNegative: [...expectedBlack].filter((t) => list.get(t) !== 'black'),
      exposedAboveGrey: truth.exposed
        .filter((x) => list.get(x.taxId) === 'black' && !violatorIds.has(x.taxId))
        .map((x) => x.taxId),
      expectedGreyMissed: truth.violators
        .filter(
          (v) => v.expectedList === 'grey' && list.get(v.taxId) !== 'grey' && list.get(v.taxId) !== 'black',
        )
        .map((v) => v.taxId),
      perKind,
      legalOnGrey: result.enterprises.filter(
        (e) =>
          e.list === 'grey' && !violatorIds.has(e.taxId) && !truth.exposed.some((x) => x.taxId === e.taxId),
      ).length,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: SeedResult[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const r = await runSeed(seed);
  results.push(r);
  const precision = r.black > 0 ? r.truePositive / r.black : 1;
  const recall = r.truePositive / (r.truePositive + r.falseNegative.length);
  console.log(
    `seed ${seed}: ${r.violators} violators, black ${r.black}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, innocents on black ${r.falsePositive.length}, exposed above grey ${r.exposedAboveGrey.length} (${r.seconds.toFixed(0)} s)`,
  );
  if (r.falsePositive.length) console.log(`  false positives: ${r.falsePositive.join(' ')}`);
  if (r.falseNegative.length) console.log(`  missed: ${r.falseNegative.join(' ')}`);
}

const tp = results.reduce((s, r) => s + r.truePositive, 0);
const fp = results.reduce((s, r) => s + r.falsePositive.length, 0);
const fn = results.reduce((s, r) => s + r.falseNegative.length, 0);
const precision = tp / (tp + fp);
const recall = tp / (tp + fn);
const kinds = new Map<string, { total: number; caught: number }>();
for (const r of results)
  for (const [k, v] of r.perKind) {
    const s = kinds.get(k) ?? { total: 0, caught: 0 };
    s.total += v.total;
    s.caught += v.caught;
    kinds.set(k, s);
  }
console.log(`overall: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);

const body = [
  `Command: \`npm run bench:detect -- --seeds ${seeds} --lines ${lines}\` — simulate (${year}, 1,594 enterprises, ~${lines.toLocaleString('en-US')} lines per seed), import into SQLite, inspect with the default policy, compare with truth.json.`,
  `Machine: ${machineLine()}.`,
  '',
  '| seed | violators | black list | precision | recall | innocents on black | exposed innocents above grey | grey-expected violators missed | other enterprises on grey |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.seed} | ${r.violators} | ${r.black} | ${(r.black ? r.truePositive / r.black : 1).toFixed(3)} | ${(r.truePositive / (r.truePositive + r.falseNegative.length)).toFixed(3)} | ${r.falsePositive.length} | ${r.exposedAboveGrey.length} | ${r.expectedGreyMissed.length} | ${r.legalOnGrey} |`,
  ),
  `| **all** | ${results.reduce((s, r) => s + r.violators, 0)} | ${tp + fp} | **${precision.toFixed(3)}** | **${recall.toFixed(3)}** | ${fp} | ${results.reduce((s, r) => s + r.exposedAboveGrey.length, 0)} | ${results.reduce((s, r) => s + r.expectedGreyMissed.length, 0)} | ${results.reduce((s, r) => s + r.legalOnGrey, 0)} |`,
  '',
  'Recall per violation kind (caught = on its expected list, or black for a grey-expected one):',
  '',
  '| kind | violators | caught | recall |',
  '|---|---|---|---|',
  ...[...kinds.entries()]
    .sort()
    .map(([k, v]) => `| ${k} | ${v.total} | ${v.caught} | ${(v.caught / v.total).toFixed(3)} |`),
].join('\n');
if (!values['no-write']) writeBenchmarkSection('Detection', body);
console.log(body);
if (precision < 0.95 || recall < 0.95 || fp > 0) process.exitCode = 1;
