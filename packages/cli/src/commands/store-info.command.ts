// `oresight batches`, `oresight rejects`, `oresight summary`: what the store holds.
import type { Command } from 'commander';
import { getBatch, listBatches, listRejects, openAppStore, summarizeStore } from '@oresight/app';
import { writeCsvFile } from '../ui/csv-file.ts';
import { UsageError } from '../ui/errors.ts';
import { printTable } from '../ui/table.ts';

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number, got "${v}"`);
    return n;
  };
}

export function registerStoreInfoCommands(program: Command): void {
  program
    .command('batches')
    .summary('list import batches')
    .description(
      'Import batches, newest first: file, content hash, row counts, status (committed, rejected).',
    )
    .option('--kind <kind>', 'only invoices, enterprises, quotas or prices')
    .option('--limit <n>', 'how many', positiveInt('--limit'), 50)
    .option('--json', 'print JSON')
    .action(async (opts: { kind?: string; limit: number; json?: boolean }) => {
      const store = await openAppStore();
      try {
        const { items, total } = await listBatches(store.db, {
          ...(opts.kind ? { kind: opts.kind } : {}),
          limit: opts.limit,
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ total, items }, null, 2)}\n`);
          return;
        }
        printTable(
          ['id', 'kind', 'status', 'file', 'read', 'accepted', 'rejected', 'duplicate', 'created'],
          items.map((b) => [
            b.id,
            b.kind,
            b.status,
            b.fileName,
            b.rowsRead,
            b.accepted,
            b.rejected,
            b.duplicate,
            b.createdAt.slice(0, 19).replace('T', ' '),
          ]),
        );
        process.stdout.write(`${items.length} of ${total} batches\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('rejects')
    .summary('list or export rejected rows')
    .description(
      'Rejected rows with file, row, column, value and reason (Chinese and English). --out writes them all as CSV.',
    )
    .option('--batch <id>', 'only this batch', positiveInt('--batch'))
    .option('--out <file.csv>', 'write every reject to a CSV file')
    .option('--limit <n>', 'rows to print', positiveInt('--limit'), 50)
    .action(async (opts: { batch?: number; out?: string; limit: number }) => {
      const store = await openAppStore();
      try {
        if (opts.batch !== undefined && !(await getBatch(store.db, opts.batch)))
          throw new UsageError(`there is no batch ${opts.batch} (see \`oresight batches\`)`);
        const filter = opts.batch !== undefined ? { batchId: opts.batch } : {};
        if (opts.out) {
          const rows: unknown[][] = [];
          for (let offset = 0; ; offset += 10_000) {
            const page = await listRejects(store.db, { ...filter, limit: 10_000, offset });
            for (const r of page.items)
              rows.push([
                r.batchId,
                r.source,
                r.rowNo,
                r.columnName ?? '',
                r.value ?? '',
                r.code,
                r.messageZh,
                r.messageEn,
              ]);
            if (page.items.length < 10_000) break;
          }
          writeCsvFile(
            opts.out,
            ['批次 batch', '来源 source', '行号 row', '列 column', '值 value', '代码 code', '原因', 'reason'],
            rows,
          );
          process.stdout.write(`${rows.length} rejected rows written to ${opts.out}\n`);
          return;
        }
        const { items, total } = await listRejects(store.db, { ...filter, limit: opts.limit });
        printTable(
          ['batch', 'source', 'row', 'column', 'value', 'reason'],
          items.map((r) => [
            r.batchId,
            r.source,
            r.rowNo,
            r.columnName ?? '',
            r.value ?? '',
            `${r.messageZh} / ${r.messageEn}`,
          ]),
        );
        process.stdout.write(
          `${items.length} of ${total} rejected rows${total > items.length ? ' (--out file.csv for all)' : ''}\n`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('summary')
    .summary('what the store holds, summed by product')
    .description(
      'Counts and sums over the stored invoice lines: non-voided lines, red-letter lines netted, by product (kg of product, REO kg, amount ex-VAT in CNY). ' +
        'Computed in SQL, independently of the inspection path, so that another program can check an import to the kilogram.',
    )
    .option(
      '--json',
      'print JSON: {"invoiceLines","voidedLines","enterprises","invoiceParties","byProduct":[{"productId","name","lines","kg","reoKg","amount"}]}',
    )
    .action(async (opts: { json?: boolean }) => {
      const store = await openAppStore();
      try {
        const s = await summarizeStore(store);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `store: ${store.location}\ninvoice lines ${s.invoiceLines} (voided ${s.voidedLines}), registry enterprises ${s.enterprises}, invoice parties ${s.invoiceParties}\n`,
        );
        printTable(
          ['product', 'name', 'lines', 'kg', 'REO kg', 'amount CNY'],
          s.byProduct.map((p) => [p.productId ?? '—', p.name, p.lines, p.kg, p.reoKg, p.amount.toFixed(2)]),
        );
      } finally {
        await store.close();
      }
    });
}
