// `oresight export list|publication`: lists for people as XLSX and CSV (issue 7) — a run's lists
// with the overrides in force applied, or a frozen publication. Every export is audited.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ExportedFile, Outcome } from '@oresight/app';
import { exportPublication, exportRunList } from '@oresight/app';
import { UsageError } from '../ui/errors.ts';
import { AS_OPTION, cliActor, orExit, positiveInt, withStore } from './campaign.command.ts';

const LANG = () =>
  new Option('--lang <lang>', 'language of the columns and lists').choices(['zh', 'en']).default('zh');

async function writeBoth(
  opts: { xlsx?: string; csv?: string },
  make: (format: 'csv' | 'xlsx') => Promise<Outcome<ExportedFile>>,
): Promise<void> {
  if (!opts.xlsx && !opts.csv) throw new UsageError('give --xlsx FILE and/or --csv FILE');
  for (const [format, path] of [
    ['xlsx', opts.xlsx],
    ['csv', opts.csv],
  ] as const) {
    if (!path) continue;
    const file = orExit(await make(format));
    writeFileSync(path, file.bytes);
    process.stdout.write(`wrote ${path} (${file.rows} rows)\n`);
  }
}

export function registerExportCommands(program: Command): void {
  const exp = program.command('export').summary('lists as XLSX and CSV (overrides applied; audited)');

  exp
    .command('list')
    .summary("a run's lists with the overrides in force: computed list, list in force, reason")
    .requiredOption('--run <id>', 'the run', positiveInt('--run'))
    .option('--xlsx <file>', 'write XLSX here')
    .option('--csv <file>', 'write CSV (UTF-8 with BOM) here')
    .option('--as-of <date>', "judge the overrides' expiry on this date (default: today, CST)")
    .addOption(LANG())
    .addOption(AS_OPTION())
    .action(
      async (opts: {
        run: number;
        xlsx?: string;
        csv?: string;
        asOf?: string;
        lang: 'zh' | 'en';
        as?: string;
      }) =>
        withStore(async (store) => {
          const actor = await cliActor(store, opts.as);
          await writeBoth(opts, (format) =>
            exportRunList(store, actor, opts.run, format, opts.lang, opts.asOf ? { asOf: opts.asOf } : {}),
          );
        }),
    );

  exp
    .command('publication <id>')
    .summary('a published list version, as frozen')
    .option('--xlsx <file>', 'write XLSX here')
    .option('--csv <file>', 'write CSV (UTF-8 with BOM) here')
    .addOption(LANG())
    .addOption(AS_OPTION())
    .action(async (id: string, opts: { xlsx?: string; csv?: string; lang: 'zh' | 'en'; as?: string }) =>
      withStore(async (store) => {
        const actor = await cliActor(store, opts.as);
        await writeBoth(opts, (format) =>
          exportPublication(store, actor, positiveInt('publication id')(id), format, opts.lang),
        );
      }),
    );
}
