// `oresight simulate`: a simulated national year written as the import files of formats.md plus
// truth.json, streamed with bounded memory (core/simulate does the modelling; this writes files).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario, SimulationOptions, XlsxWriter } from '@oresight/core/simulate';
import {
  createInvoiceCsvStream,
  createInvoiceLineStream,
  createScenario,
  createXlsxWriter,
  encodeEInvoiceXml,
  encodeEnterprisesCsv,
  encodePricesCsv,
  encodeQuotasCsv,
  invoiceIdOf,
  invoiceLineXlsxCells,
  invoiceXlsxHeader,
  truthJson,
  validateSimulationOptions,
  XLSX_INVOICE_ROWS_PER_FILE,
} from '@oresight/core/simulate';
import type { SimulatedInvoiceLine } from '@oresight/core/simulate';

export type SimulationFormat = 'csv' | 'xlsx' | 'xml';

export interface WriteSimulationOptions {
  readonly simulation: SimulationOptions;
  readonly outDir: string;
  readonly format: SimulationFormat;
  readonly encoding: 'gbk' | 'utf8';
  readonly onProgress?: (linesDone: number, linesTotal: number) => void;
}

export interface WrittenSimulation {
  readonly scenario: Scenario;
  readonly files: {
    readonly enterprises: string;
    readonly quotas: string;
    readonly prices: string;
    readonly invoices: readonly string[];
    readonly truth: string;
  };
  readonly lines: number;
  readonly bytes: number;
}

const CHUNK_LINES = 20_000;

/** Problems with the options, bilingual; empty when they are valid. */
export function checkSimulationOptions(options: WriteSimulationOptions): string[] {
  const problems = validateSimulationOptions(options.simulation).map((p) => `${p.zh} / ${p.en}`);
  if (options.format === 'xml' && options.simulation.year < 2021)
    problems.push(
      '数电票 XML 仅用于 2021 年起的年度 / --format xml writes fully digital e-invoices, which exist from 2021: use --year 2021 or later, or csv/xlsx',
    );
  return problems;
}

function writeCsv(
  scenario: Scenario,
  path: string,
  encoding: 'gbk' | 'utf8',
  progress: (n: number) => void,
): number {
  const csv = createInvoiceCsvStream(scenario, encoding);
  const fd = openSync(path, 'w');
  let bytes = 0;
  let lines = 0;
  try {
    const header = csv.header();
    writeSync(fd, header);
    bytes += header.length;
    for (let b = csv.next(CHUNK_LINES); b; b = csv.next(CHUNK_LINES)) {
      writeSync(fd, b);
      bytes += b.length;
      lines = Math.min(csv.total, lines + CHUNK_LINES);
      progress(lines);
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function writeXlsx(
  scenario: Scenario,
  outDir: string,
  progress: (n: number) => void,
): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  let fd = -1;
  let writer: XlsxWriter | null = null;
  const open = () => {
    const path = join(outDir, `invoices-${String(files.length + 1).padStart(3, '0')}.xlsx`);
    files.push(path);
    fd = openSync(path, 'w');
    const w = createXlsxWriter({
      onChunk: (chunk) => {
        writeSync(fd, chunk);
        bytes += chunk.length;
      },
      sheetName: '发票明细',
    });
    w.addRow(invoiceXlsxHeader());
    return w;
  };
  const stream = createInvoiceLineStream(scenario);
  let done = 0;
  for (let chunk = stream.next(CHUNK_LINES); chunk; chunk = stream.next(CHUNK_LINES)) {
    for (const line of chunk) {
      if (!writer || writer.rowCount > XLSX_INVOICE_ROWS_PER_FILE) {
        if (writer) {
          writer.finish();
          closeSync(fd);
        }
        writer = open();
      }
      writer.addRow(invoiceLineXlsxCells(line));
    }
    done += chunk.length;
    progress(done);
  }
  if (writer) {
    writer.finish();
    closeSync(fd);
  }
  return { files, bytes };
}

function writeXmlFolder(scenario: Scenario, dir: string, progress: (n: number) => void): number {
  mkdirSync(dir, { recursive: true });
  const stream = createInvoiceLineStream(scenario);
  let bytes = 0;
  let done = 0;
  let current: SimulatedInvoiceLine[] = [];
  const flush = () => {
    const first = current[0];
    if (!first) return;
    const xml = encodeEInvoiceXml(current);
    writeFileSync(join(dir, `${invoiceIdOf(first)}.xml`), xml);
    bytes += xml.length;
    current = [];
  };
  for (let chunk = stream.next(CHUNK_LINES); chunk; chunk = stream.next(CHUNK_LINES)) {
    for (const line of chunk) {
      // Lines of one invoice come together in the stream.
      const first = current[0];
      if (first && invoiceIdOf(first) !== invoiceIdOf(line)) flush();
      current.push(line);
    }
    done += chunk.length;
    progress(done);
  }
  flush();
  return bytes;
}

/**
 * Simulates a year and writes enterprises.csv, quotas.csv, prices.csv, the invoices and truth.json.
 * @example await writeSimulation({ simulation: DEFAULT_SIMULATION, outDir: 'out', format: 'csv', encoding: 'gbk' });
 */
export function writeSimulation(options: WriteSimulationOptions): WrittenSimulation {
  const problems = checkSimulationOptions(options);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const { outDir, encoding } = options;
  mkdirSync(outDir, { recursive: true });
  const scenario = createScenario(options.simulation);
  const files = {
    enterprises: join(outDir, 'enterprises.csv'),
    quotas: join(outDir, 'quotas.csv'),
    prices: join(outDir, 'prices.csv'),
    truth: join(outDir, 'truth.json'),
  };
  writeFileSync(files.enterprises, encodeEnterprisesCsv(scenario, encoding));
  writeFileSync(files.quotas, encodeQuotasCsv(scenario, encoding));
  writeFileSync(files.prices, encodePricesCsv(scenario, encoding));
  const total = createInvoiceLineStream(scenario).total;
  const progress = (n: number) => options.onProgress?.(n, total);
  let invoices: string[];
  let bytes: number;
  if (options.format === 'csv') {
    const path = join(outDir, 'invoices.csv');
    bytes = writeCsv(scenario, path, encoding, progress);
    invoices = [path];
  } else if (options.format === 'xlsx') {
    ({ files: invoices, bytes } = writeXlsx(scenario, outDir, progress));
  } else {
    const dir = join(outDir, 'invoices');
    bytes = writeXmlFolder(scenario, dir, progress);
    invoices = [dir];
  }
  const names = invoices.map((p) => p.slice(outDir.length + 1));
  writeFileSync(
    files.truth,
    truthJson(scenario, {
      invoiceFile: (part) => names[part - 1] ?? names[0] ?? 'invoices.csv',
      ...(options.format === 'xlsx' ? { invoiceRowsPerFile: XLSX_INVOICE_ROWS_PER_FILE } : {}),
    }),
  );
  return { scenario, files: { ...files, invoices }, lines: total, bytes };
}
