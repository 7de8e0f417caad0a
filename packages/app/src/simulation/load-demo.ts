// `oresight demo` (and the first `npm start`): a simulated national year loaded into the store
// through the same files and the same import path a user's real data takes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulationOptions } from '@oresight/core/simulate';
import type { Store } from '@oresight/store';
import type { ImportOutcome } from '../imports/import-file.ts';
import { importFile } from '../imports/import-file.ts';
import { writeSimulation } from './write-simulation.ts';

export interface DemoProgress {
  readonly phase: 'simulate' | 'enterprises' | 'quotas' | 'prices' | 'invoices';
  readonly done: number;
  readonly total: number;
}

export interface DemoResult {
  readonly outcomes: readonly ImportOutcome[];
  readonly lines: number;
  readonly enterprises: number;
  readonly violators: number;
}

/**
 * Simulates a year and imports it (registry, quotas, prices, invoices) as four batches.
 * @example await loadDemo(store, { simulation: { ...DEFAULT_SIMULATION, lines: 200_000 } });
 */
export async function loadDemo(
  store: Store,
  options: { simulation: SimulationOptions; user?: string | null; onProgress?: (p: DemoProgress) => void },
): Promise<DemoResult> {
  const dir = mkdtempSync(join(tmpdir(), 'oresight-demo-'));
  const progress = options.onProgress ?? (() => undefined);
  try {
    const written = writeSimulation({
      simulation: options.simulation,
      outDir: dir,
      format: 'csv',
      encoding: 'gbk',
      onProgress: (done, total) => progress({ phase: 'simulate', done, total }),
    });
    const outcomes: ImportOutcome[] = [];
    const steps = [
      ['enterprises', written.files.enterprises],
      ['quotas', written.files.quotas],
      ['prices', written.files.prices],
      ['invoices', written.files.invoices[0] ?? ''],
    ] as const;
    for (const [kind, path] of steps) {
      const outcome = await importFile(store, path, {
        kind,
        user: options.user ?? 'demo',
        onProgress: (p) => progress({ phase: kind, done: p.bytesDone, total: p.bytesTotal }),
      });
      if (outcome.status === 'rejected')
        throw new Error(
          `the simulated ${kind} file was rejected (${outcome.rejected} bad rows): this is a bug in the simulator or the importer`,
        );
      outcomes.push(outcome);
    }
    return {
      outcomes,
      lines: written.lines,
      enterprises: written.scenario.enterprises.length,
      violators: written.scenario.truth.violators.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
