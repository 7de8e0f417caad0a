import { basename } from 'node:path';
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import type { ImportKind, ImportOutcome } from '@oresight/app';
import { importFile, openAppStore } from '@oresight/app';
import { createProgressBar } from '../ui/progress.ts';
import { writeCsvFile } from '../ui/csv-file.ts';
import { UsageError } from '../ui/errors.ts';

const KINDS: readonly ImportKind[] = ['invoices', 'enterprises', 'quotas', 'prices'];
const ISSUES_PRINTED = 20;

const STATUS_TEXT: Record<ImportOutcome['status'], string> = {
  committed: '已导入 imported',
  rejected: '已拒绝 REJECTED',
  already_imported: '此前已导入 already imported',
  dry_run: '试运行，未写入 dry run, nothing written',
};

function printOutcome(o: ImportOutcome, reportPath: string | undefined): void {
  const out = process.stdout;
  out.write(`${o.file}: ${STATUS_TEXT[o.status]}${o.batchId !== null ? ` (batch ${o.batchId})` : ''}\n`);
  if (o.status === 'already_imported') {
    out.write(`  same content (sha256 ${o.sha256.slice(0, 12)}…) as batch ${o.batchId}: nothing added\n`);
    return;
  }
  out.write(
    `  format ${o.format}${o.encoding ? `, encoding ${o.encoding}` : ''}, ${(o.durationMs / 1000).toFixed(1)} s\n`,
  );
  out.write(
    `  read ${o.rowsRead}  accepted ${o.accepted}  rejected ${o.rejected}  duplicate ${o.duplicate}${o.kind === 'enterprises' ? `  updated ${o.updated}` : ''}\n`,
  );
  const flags = Object.entries(o.flagCounts).sort();
  if (flags.length > 0) out.write(`  kept with warnings: ${flags.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  if (o.fatal) out.write(`  ✗ ${o.fatal.zh}\n    ${o.fatal.en}\n`);
  for (const i of o.issues.slice(0, ISSUES_PRINTED)) {
    out.write(
      `  ✗ row ${i.row}${i.column ? ` [${i.column}]` : ''}${i.value !== null ? ` "${i.value}"` : ''}: ${i.zh} / ${i.en}\n`,
    );
  }
  if (o.rejected > ISSUES_PRINTED)
    out.write(`  … ${o.rejected - ISSUES_PRINTED} more bad rows${reportPath ? ` in ${reportPath}` : ''}\n`);
  if (o.status === 'rejected')
    out.write(
      '  Nothing was imported from this file. Fix the rows above, or use --skip-invalid to import the good rows and keep the bad ones as rejects.\n',
    );
}

function writeReport(o: ImportOutcome, path: string): void {
  const rows = [...(o.fatal ? [o.fatal] : []), ...o.issues].map((i) => [
    o.file,
    i.source,
    i.row,
    i.column ?? '',
    i.value ?? '',
    i.code,
    i.zh,
    i.en,
  ]);
  writeCsvFile(
    path,
    ['文件 file', '来源 source', '行号 row', '列 column', '值 value', '代码 code', '原因', 'reason'],
    rows,
  );
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .summary('import invoices, enterprises, quotas or prices')
    .description(
      'Import files as atomic, idempotent batches: the same file (or the same lines in another file) imported twice adds nothing.\n' +
        'invoices: CSV (UTF-8, UTF-8 BOM, GBK/GB18030 detected), XLSX, e-invoice XML (a file, a folder, a zip).\n' +
        'enterprises, quotas, prices: CSV or XLSX with the Chinese or English headers of docs/formats.md.\n' +
        'A bad row rejects the whole file (exit code 3) with a report of every bad row, unless --skip-invalid.',
    )
    .addArgument(new Argument('<kind>', 'what the files hold').choices(KINDS))
    .argument('<files...>', 'files, folders or zips to import')
    .option('--skip-invalid', 'import the good rows; keep bad rows as rejects (see `oresight rejects`)')
    .addOption(
      new Option('--encoding <encoding>', 'CSV encoding (default: detect)').choices([
        'auto',
        'utf8',
        'gb18030',
        'gbk',
      ]),
    )
    .option('--sheet <name>', 'XLSX sheet to read (default: the first)')
    .option('--dry-run', 'check everything and report, then write nothing')
    .option(
      '--report <file.csv>',
      'where to write the bad-row report (default: <file>.rejects.csv in the current folder)',
    )
    .option('--no-keep-original', 'do not keep a gzip copy of the file as evidence')
    .option('--user <name>', 'who is importing (recorded in the batch and the audit log)', process.env.USER)
    .action(
      async (
        kind: string,
        files: string[],
        opts: {
          skipInvalid?: boolean;
          encoding?: string;
          sheet?: string;
          dryRun?: boolean;
          report?: string;
          keepOriginal: boolean;
          user?: string;
        },
      ) => {
        if (!(KINDS as readonly string[]).includes(kind))
          throw new UsageError(`unknown import kind "${kind}": use one of ${KINDS.join(', ')}`);
        if (opts.report && files.length > 1)
          throw new UsageError('--report names one file: import one file at a time, or leave --report out');
        const encoding =
          opts.encoding === 'gbk' ? 'gb18030' : (opts.encoding as 'auto' | 'utf8' | 'gb18030' | undefined);
        const store = await openAppStore();
        let failed = false;
        try {
          for (const file of files) {
            const bar = createProgressBar(`${basename(file)}`, 'bytes');
            const outcome = await importFile(store, file, {
              kind: kind as ImportKind,
              skipInvalid: opts.skipInvalid === true,
              dryRun: opts.dryRun === true,
              ...(encoding ? { encoding } : {}),
              ...(opts.sheet ? { sheet: opts.sheet } : {}),
              keepOriginal: opts.keepOriginal,
              user: opts.user ?? null,
              onProgress: (p) =>
                bar.update(
                  p.bytesDone,
                  p.bytesTotal,
                  `${p.phase} ${p.rowsRead.toLocaleString('en-US')} rows`,
                ),
            });
            bar.done();
            const hasIssues = outcome.rejected > 0;
            const reportPath = hasIssues ? (opts.report ?? `${basename(file)}.rejects.csv`) : undefined;
            if (reportPath) writeReport(outcome, reportPath);
            printOutcome(outcome, reportPath);
            if (reportPath) process.stdout.write(`  report: ${reportPath}\n`);
            if (outcome.status === 'rejected' || outcome.rejected > 0) failed = true;
          }
        } finally {
          await store.close();
        }
        // 3: rows were rejected (the file was refused, or --skip-invalid kept rejects).
        if (failed) process.exitCode = 3;
      },
    );
}
