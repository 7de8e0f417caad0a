// Streams N simulated invoice lines as a GBK CSV file (the `oresight simulate` hot path) and reports
// the rate, the file size and the peak memory. Usage:
//   npx tsx bench/simulate.bench.ts [lines=10000000] [outDir=bench/out] [--objects | --xlsx]
// --objects goes through line objects (createInvoiceLineStream + createInvoiceCsvEncoder) instead
// of the direct byte stream; --xlsx writes invoices-001.xlsx, -002 … (1,048,575 lines each).
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import {
  DEFAULT_SIMULATION,
  createInvoiceCsvEncoder,
  createInvoiceCsvStream,
  createInvoiceLineStream,
  createScenario,
  createXlsxWriter,
  invoiceLineXlsxCells,
  invoiceXlsxHeader,
  XLSX_INVOICE_ROWS_PER_FILE,
} from '../packages/core/src/simulate/index.ts';
import type { XlsxWriter } from '../packages/core/src/simulate/index.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const viaObjects = process.argv.includes('--objects');
const asXlsx = process.argv.includes('--xlsx');
const lines = Number(args[0] ?? 10_000_000);
const outDir = args[1] ?? 'bench/out';
mkdirSync(outDir, { recursive: true });
const file = join(outDir, asXlsx ? `invoices-${lines}-001.xlsx` : `invoices-${lines}.gbk.csv`);

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let peakRss = 0;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 200);

const t0 = performance.now();
const c0 = cpu();
const scenario = createScenario({ ...DEFAULT_SIMULATION, lines });
const t1 = performance.now();
let fd = openSync(file, 'w');
let bytes = 0;
const write = (b: Uint8Array): void => {
  writeSync(fd, b);
  bytes += b.length;
};
let rows = 0;
if (asXlsx) {
  let part = 1;
  const open = (): XlsxWriter => {
    const w = createXlsxWriter({ onChunk: write, sheetName: '发票明细' });
    w.addRow(invoiceXlsxHeader());
    return w;
  };
  let xw = open();
  const stream = createInvoiceLineStream(scenario);
  for (let chunk = stream.next(20_000); chunk; chunk = stream.next(20_000)) {
    for (const line of chunk) {
      if (xw.rowCount > XLSX_INVOICE_ROWS_PER_FILE) {
        xw.finish();
        closeSync(fd);
        part++;
        fd = openSync(join(outDir, `invoices-${lines}-${String(part).padStart(3, '0')}.xlsx`), 'w');
        xw = open();
      }
      xw.addRow(invoiceLineXlsxCells(line));
    }
    rows += chunk.length;
  }
  xw.finish();
} else if (viaObjects) {
  const stream = createInvoiceLineStream(scenario);
  const encoder = createInvoiceCsvEncoder('gbk');
  write(encoder.header());
  for (let chunk = stream.next(20_000); chunk; chunk = stream.next(20_000)) {
    write(encoder.encode(chunk));
    rows += chunk.length;
  }
} else {
  const csv = createInvoiceCsvStream(scenario, 'gbk');
  write(csv.header());
  for (let b = csv.next(20_000); b; b = csv.next(20_000)) write(b);
  rows = csv.total;
}
closeSync(fd);
const t2 = performance.now();
clearInterval(timer);
sample();
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const secs = (t2 - t0) / 1000;
console.log(
  JSON.stringify(
    {
      machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
      path: asXlsx
        ? 'line objects → XLSX files'
        : viaObjects
          ? 'line objects + encoder'
          : 'direct CSV stream',
      lines: rows,
      enterprises: scenario.enterprises.length,
      streams: scenario.streams.length,
      file,
      mb: +(bytes / 1e6).toFixed(1),
      scenarioSeconds: +((t1 - t0) / 1000).toFixed(2),
      totalSeconds: +secs.toFixed(2),
      cpuSeconds: +(cpu() - c0).toFixed(2),
      linesPerSecond: Math.round(rows / secs),
      mbPerSecond: +(bytes / 1e6 / secs).toFixed(1),
      peakRssMb: Math.round(peakRss / 2 ** 20),
    },
    null,
    2,
  ),
);
