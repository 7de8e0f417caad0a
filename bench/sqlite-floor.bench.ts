// The floor under issue 2's import target: how long SQLite alone takes to store the rows of 1M
// invoice lines in the store's schema, with nothing else to do — no file to read, parse, hash or
// keep, no segments, values prepared in arrays beforehand. If this floor is above 1M ÷ 300,000 =
// 3.33 s, no import through this schema can reach 300,000 lines/s on the machine.
//
//   npm run bench:sqlite-floor [-- --lines 1000000] [--runs 3] [--write]
//
// Variants, each on a fresh store file (migrated, the store's own pragmas: WAL, synchronous NORMAL,
// 256 MB cache), one transaction, better-sqlite3 prepared statements:
//   contract — what the import must do: invoices with their unique key (idempotency) and the
//              original-key index, line rows with their unique (invoice, line); the party indexes
//              dropped and rebuilt at the end, as the bulk import does.
//   no unique keys — the same rows with every secondary index dropped first (no idempotency, no
//              search): the cost of the rows alone.
//   lines only — the line rows alone, no index: the least any per-line SQL row can cost.
// Invoices are ~2.2 lines each (as the simulated year); strings have the lengths of the simulated
// tax-bureau export (18-character tax ids, 10–14-character Chinese names, 20-character keys).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '@oresight/store';
import { machineLine, writeBenchmarkSection } from './lib/report.ts';
import { BENCH_OUT } from './lib/sim-files.ts';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
  },
});
const LINES = Number(values.lines);
const RUNS = Math.max(1, Number(values.runs));
const TARGET_LINES_PER_S = 300_000;

interface Rows {
  invoices: unknown[][];
  lines: unknown[][];
}

/** Deterministic rows shaped like the simulated year's (a simple LCG, no Math.random). */
function makeRows(lineCount: number): Rows {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const names = Array.from(
    { length: 1600 },
    (_, i) => `稀土${'华盛金泰宏远鑫达'.charAt(i % 8)}有限公司第${i}分公司`,
  );
  const taxIds = Array.from({ length: 1600 }, (_, i) => `91150${String(i).padStart(6, '0')}MA0XY${i % 10}`);
  const invoices: unknown[][] = [];
  const lines: unknown[][] = [];
  let invoice = 0;
  while (lines.length < lineCount) {
    const s = rnd(1600);
    const b = (s + 1 + rnd(1599)) % 1600;
    const day = 1 + rnd(28);
    invoices.push([
      1,
      'bench.csv',
      `1500${String(rnd(1e6)).padStart(6, '0')}-${String(invoice).padStart(10, '0')}`,
      '1500123456',
      String(invoice).padStart(8, '0'),
      null,
      `2013-${String(1 + rnd(12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      taxIds[s],
      names[s],
      taxIds[b],
      names[b],
      null,
      '增值税专用发票',
      'normal',
      null,
      null,
    ]);
    const perInvoice = 1 + rnd(3) + rnd(2);
    for (let l = 1; l <= perInvoice && lines.length < lineCount; l++) {
      const kg = 100 + rnd(20000);
      const fen = kg * (10000 + rnd(50000));
      lines.push([
        invoice + 1,
        l,
        1,
        lines.length + 2,
        1 + rnd(40),
        String(kg / 1000),
        String(fen / kg / 100),
        fen,
        0.17,
        Math.round(fen * 0.17),
        Math.round(fen * 1.17),
        kg,
        kg * 0.92,
        0,
      ]);
    }
    invoice++;
  }
  return { invoices, lines };
}

type Variant = 'contract' | 'no unique keys' | 'lines only';

interface Measure {
  variant: Variant;
  seconds: number;
  invoiceSeconds: number;
  lineSeconds: number;
  indexSeconds: number;
  commitSeconds: number;
}

const SECONDARY_INDEXES = [
  'invoices_identity',
  'invoices_seller_date',
  'invoices_buyer_date',
  'invoices_original',
  'invoice_line_rows_identity',
];

async function measure(variant: Variant, rows: Rows, run: number): Promise<Measure> {
  const file = join(BENCH_OUT, `sqlite-floor-${run}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const store = await openStore({ kind: 'sqlite', file });
  try {
    let invoiceSeconds = 0;
    let lineSeconds = 0;
    let indexSeconds = 0;
    const t0 = performance.now();
    await store.transaction(async (tx) => {
      if (tx.kind !== 'sqlite') throw new Error('SQLite only');
      const db = tx.sqlite;
      const dropped =
        variant === 'contract' ? ['invoices_seller_date', 'invoices_buyer_date'] : SECONDARY_INDEXES;
      for (const name of dropped) db.exec(`drop index if exists ${name}`);
      const conflict = variant === 'contract';
      const insertInvoice = db.prepare(
        `insert into invoices (batch_id, source, invoice_key, invoice_code, invoice_number, e_invoice_number, issue_date, seller_tax_id, seller_name,
          buyer_tax_id, buyer_name, special_business, invoice_kind, status, original_invoice_key, remark)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${conflict ? ' on conflict (invoice_key) do nothing' : ''}`,
      );
      const insertLine = db.prepare(
        `insert into invoice_line_rows (invoice_id, line_no, batch_id, source, row_no, item_id, quantity, unit_price, amount_fen, tax_rate,
          tax_fen, total_fen, kg, reo_kg, flags)
         values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${conflict ? ' on conflict (invoice_id, line_no) do nothing' : ''}`,
      );
      if (variant !== 'lines only') {
        const a = performance.now();
        for (const inv of rows.invoices) insertInvoice.run(...inv);
        invoiceSeconds = (performance.now() - a) / 1000;
      }
      const b = performance.now();
      for (const line of rows.lines) insertLine.run(...line);
      lineSeconds = (performance.now() - b) / 1000;
      if (variant === 'contract') {
        const c = performance.now();
        db.exec('create index invoices_seller_date on invoices (seller_tax_id, issue_date)');
        db.exec('create index invoices_buyer_date on invoices (buyer_tax_id, issue_date)');
        indexSeconds = (performance.now() - c) / 1000;
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    const commitSeconds = seconds - invoiceSeconds - lineSeconds - indexSeconds;
    return { variant, seconds, invoiceSeconds, lineSeconds, indexSeconds, commitSeconds };
  } finally {
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

const rows = makeRows(LINES);
const header = `${machineLine()}\n${rows.lines.length.toLocaleString('en')} lines, ${rows.invoices.length.toLocaleString('en')} invoices`;
console.log(header);
const results: Measure[] = [];
for (const variant of ['contract', 'no unique keys', 'lines only'] as const) {
  for (let run = 1; run <= RUNS; run++) {
    const m = await measure(variant, rows, run);
    results.push(m);
    console.log(
      `${variant}, run ${run}: ${m.seconds.toFixed(2)} s (invoices ${m.invoiceSeconds.toFixed(2)}, lines ${m.lineSeconds.toFixed(2)}, party indexes ${m.indexSeconds.toFixed(2)}, commit ${m.commitSeconds.toFixed(2)})`,
    );
  }
}

const budget = rows.lines.length / TARGET_LINES_PER_S;
const best = (v: Variant) =>
  results.filter((r) => r.variant === v).reduce((a, b) => (b.seconds < a.seconds ? b : a));
const table = (['contract', 'no unique keys', 'lines only'] as const).map((v) => {
  const m = best(v);
  const rate = Math.round(rows.lines.length / m.seconds);
  return `| ${v} | ${m.invoiceSeconds.toFixed(2)} | ${m.lineSeconds.toFixed(2)} | ${m.indexSeconds.toFixed(2)} | ${m.commitSeconds.toFixed(2)} | **${m.seconds.toFixed(2)}** | ${rate.toLocaleString('en')} | ${m.seconds <= budget ? 'within' : 'over'} |`;
});
const body = `Command: \`npm run bench:sqlite-floor -- --lines ${LINES}\` (bench/sqlite-floor.bench.ts), ${new Date().toISOString().slice(0, 10)}.
What SQLite alone costs to store the rows of ${rows.lines.length.toLocaleString('en')} invoice lines (${rows.invoices.length.toLocaleString('en')} invoices) in the store's schema, values prepared in arrays beforehand — no reading, parsing, hashing or segments. Issue 2's 300,000 lines/s leaves ${budget.toFixed(2)} s for everything. Best of ${RUNS}, seconds.
Machine: ${machineLine()}.

| variant | invoices | line rows | party indexes | commit | **total** | lines/s | vs ${budget.toFixed(2)} s |
|---|---:|---:|---:|---:|---:|---:|---|
${table.join('\n')}

contract = unique invoice key, original-key index, unique (invoice, line), party indexes rebuilt at the end (what the import does); no unique keys = every secondary index dropped (no idempotency, no search); lines only = line rows without any index.`;
console.log(`\n${body}`);
if (values.write) writeBenchmarkSection('Import floor: SQLite writes alone', body);
