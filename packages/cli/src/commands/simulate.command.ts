// `oresight simulate` and `oresight demo`.
import type { Command } from 'commander';
import { Option } from 'commander';
import { checkSimulationOptions, loadDemo, openAppStore, writeSimulation } from '@oresight/app';
import { DEFAULT_SIMULATION } from '@oresight/core/simulate';
import type { SimulationOptions } from '@oresight/core/simulate';
import { createProgressBar } from '../ui/progress.ts';
import { UsageError } from '../ui/errors.ts';

function integer(name: string, min: number) {
  return (v: string) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`${name} must be a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
}

function ratio(v: string): number {
  const n = Number(v);
  if (!(n >= 0.4 && n <= 1)) throw new UsageError(`--illegal-ratio must be between 0.4 and 1.0, got "${v}"`);
  return n;
}

interface ScenarioFlags {
  seed: number;
  year: number;
  enterprises: number;
  lines: number;
  dirty?: boolean;
  illegalRatio?: number;
}

function addScenarioOptions(cmd: Command, defaultLines: number): Command {
  return cmd
    .option(
      '--seed <n>',
      'random seed: the same seed gives byte-identical files',
      integer('--seed', 0),
      DEFAULT_SIMULATION.seed,
    )
    .option(
      '--year <year>',
      'the year simulated (quotas, prices, VAT and invoice numbering follow it)',
      integer('--year', 2000),
      DEFAULT_SIMULATION.year,
    )
    .option(
      '--enterprises <n>',
      'enterprises in the registry',
      integer('--enterprises', 1),
      DEFAULT_SIMULATION.enterprises,
    )
    .option('--lines <n>', 'invoice lines, approximately', integer('--lines', 1), defaultLines)
    .option('--illegal-ratio <r>', 'illegal supply as a share of legal mined REO (0.4–1.0)', ratio);
}

function simulationOf(flags: ScenarioFlags): SimulationOptions {
  return {
    seed: flags.seed,
    year: flags.year,
    enterprises: flags.enterprises,
    lines: flags.lines,
    dirty: flags.dirty === true,
    ...(flags.illegalRatio !== undefined ? { illegalRatio: flags.illegalRatio } : {}),
  };
}

export function registerSimulateCommands(program: Command): void {
  addScenarioOptions(
    program
      .command('simulate')
      .summary('write a simulated national year as import files, with its truth')
      .description(
        'Simulates a rare earth year (registry, real quotas, daily prices, invoices) with planted violations, and writes\n' +
          'enterprises.csv, quotas.csv, prices.csv, the invoices (invoices.csv, invoices-NNN.xlsx or a folder of e-invoice XML)\n' +
          'and truth.json (every violator, its kinds, its expected list and the signals that should fire). See docs/simulation.md.',
      ),
    DEFAULT_SIMULATION.lines,
  )
    .requiredOption('--out <dir>', 'output folder')
    .addOption(
      new Option('--format <format>', 'invoice file format').choices(['csv', 'xlsx', 'xml']).default('csv'),
    )
    .addOption(new Option('--encoding <encoding>', 'CSV encoding').choices(['gbk', 'utf8']).default('gbk'))
    .option(
      '--dirty',
      'add a controlled share of bad rows of every kind (listed in truth.json) to test importers',
    )
    .action(
      (flags: ScenarioFlags & { out: string; format: 'csv' | 'xlsx' | 'xml'; encoding: 'gbk' | 'utf8' }) => {
        const options = {
          simulation: simulationOf(flags),
          outDir: flags.out,
          format: flags.format,
          encoding: flags.encoding,
        };
        const problems = checkSimulationOptions(options);
        if (problems.length > 0) throw new UsageError(problems.join('\n'));
        const bar = createProgressBar('模拟 simulate', 'count');
        const started = Date.now();
        const written = writeSimulation({
          ...options,
          onProgress: (done, total) => bar.update(done, total, 'lines'),
        });
        bar.done();
        const s = (Date.now() - started) / 1000;
        process.stdout.write(
          `Simulated ${flags.year}: ${written.scenario.enterprises.length} enterprises, ${written.lines.toLocaleString('en-US')} invoice lines, ` +
            `${written.scenario.truth.violators.length} violators, in ${s.toFixed(1)} s (${Math.round(written.lines / s).toLocaleString('en-US')} lines/s, ${(written.bytes / 1e6).toFixed(0)} MB)\n` +
            [
              written.files.enterprises,
              written.files.quotas,
              written.files.prices,
              ...written.files.invoices,
              written.files.truth,
            ]
              .map((f) => `  ${f}\n`)
              .join(''),
        );
      },
    );

  addScenarioOptions(
    program
      .command('demo')
      .summary('load a simulated national year straight into the store')
      .description(
        'Simulates a year (as `oresight simulate`) and imports it into the store through the ordinary import path: four batches (enterprises, quotas, prices, invoices).',
      ),
    1_000_000,
  ).action(async (flags: ScenarioFlags) => {
    const store = await openAppStore();
    try {
      const simulation = simulationOf(flags);
      const problems = checkSimulationOptions({ simulation, outDir: '', format: 'csv', encoding: 'gbk' });
      if (problems.length > 0) throw new UsageError(problems.join('\n'));
      let bar = createProgressBar('模拟 simulate', 'count');
      let phase = 'simulate';
      const started = Date.now();
      const result = await loadDemo(store, {
        simulation,
        onProgress: (p) => {
          if (p.phase !== phase) {
            bar.done();
            phase = p.phase;
            bar = createProgressBar(`导入 import ${p.phase}`, 'bytes');
          }
          bar.update(p.done, p.total);
        },
      });
      bar.done();
      for (const o of result.outcomes)
        process.stdout.write(
          `  ${o.kind}: ${o.status}, ${o.accepted.toLocaleString('en-US')} accepted, ${o.duplicate} duplicate (batch ${o.batchId})\n`,
        );
      process.stdout.write(
        `Demo loaded into ${store.location}: ${result.enterprises} enterprises, ${result.lines.toLocaleString('en-US')} lines, ${result.violators} planted violators, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await store.close();
    }
  });
}
