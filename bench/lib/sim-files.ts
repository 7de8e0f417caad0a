// Simulated invoice files for benchmarks, generated once per (lines, seed) under bench/out/.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_SIMULATION,
  createInvoiceCsvStream,
  createScenario,
  encodeEnterprisesCsv,
  encodePricesCsv,
  encodeQuotasCsv,
} from '@oresight/core/simulate';

export const BENCH_OUT = resolve(import.meta.dirname, '../out');

export interface SimFiles {
  dir: string;
  invoices: string;
  enterprises: string;
  quotas: string;
  prices: string;
  lines: number;
}

/**
 * The simulated national year as GBK CSV files (`lines` invoice lines), written if missing.
 * @example const f = ensureSimFiles(1_000_000);
 */
export function ensureSimFiles(lines: number, seed = 1): SimFiles {
  const dir = join(BENCH_OUT, `sim-${seed}-${lines}`);
  const files = {
    dir,
    invoices: join(dir, 'invoices.gbk.csv'),
    enterprises: join(dir, 'enterprises.csv'),
    quotas: join(dir, 'quotas.csv'),
    prices: join(dir, 'prices.csv'),
  };
  const scenario = createScenario({ ...DEFAULT_SIMULATION, seed, lines });
  const stream = createInvoiceCsvStream(scenario, 'gbk');
  if (!existsSync(files.invoices)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(files.enterprises, encodeEnterprisesCsv(scenario, 'gbk'));
    writeFileSync(files.quotas, encodeQuotasCsv(scenario, 'gbk'));
    writeFileSync(files.prices, encodePricesCsv(scenario, 'gbk'));
    const tmp = `${files.invoices}.part`;
    const fd = openSync(tmp, 'w');
    writeSync(fd, stream.header());
    let written = 0;
    for (let b = stream.next(20_000); b; b = stream.next(20_000)) {
      writeSync(fd, b);
      written += 20_000;
      if (written % 1_000_000 === 0)
        process.stderr.write(`  generating ${files.invoices}: ${written.toLocaleString('en-US')} lines\n`);
    }
    closeSync(fd);
    renameSync(tmp, files.invoices);
  }
  return { ...files, lines: stream.total };
}
