// `oresight report dossier|campaign`: printable reports as self-contained HTML and as PDF through
// headless Chromium (issue 7). Producing a report is audited.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ReportFormat, ReportLanguage } from '@oresight/app';
import { REPORT_LANGUAGES, campaignReport, dossierReport } from '@oresight/app';
import { UsageError } from '../ui/errors.ts';
import { AS_OPTION, cliActor, orExit, positiveInt, withStore } from './campaign.command.ts';

function formatsOf(opts: { pdf?: string; html?: string }): ReportFormat[] {
  if (!opts.pdf && !opts.html) throw new UsageError('give --pdf FILE and/or --html FILE');
  return [...(opts.html ? (['html'] as const) : []), ...(opts.pdf ? (['pdf'] as const) : [])];
}

function write(opts: { pdf?: string; html?: string }, files: { html: string; pdf: Uint8Array | null }): void {
  if (opts.html) {
    writeFileSync(opts.html, files.html);
    process.stdout.write(`wrote ${opts.html}\n`);
  }
  if (opts.pdf && files.pdf) {
    writeFileSync(opts.pdf, files.pdf);
    process.stdout.write(`wrote ${opts.pdf} (${files.pdf.length.toLocaleString('en-US')} bytes)\n`);
  }
}

const LANG = () =>
  new Option('--lang <lang>', 'zh, en or both (双语)').choices([...REPORT_LANGUAGES]).default('both');

export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .summary('printable reports: enterprise dossier, campaign report (HTML and PDF)')
    .description(
      'PDFs are made by headless Chromium with the Noto CJK fonts (scripts/install-system-deps.sh installs both).',
    );

  report
    .command('dossier <taxId>')
    .summary(
      "an enterprise's dossier: identity, list, signals and thresholds, reasons with evidence, history, tasks",
    )
    .option('--pdf <file>', 'write the PDF here')
    .option('--html <file>', 'write the HTML here')
    .option('--run <id>', 'a run (default: the latest)', positiveInt('--run'))
    .addOption(LANG())
    .addOption(AS_OPTION())
    .action(
      async (
        taxId: string,
        opts: { pdf?: string; html?: string; run?: number; lang: ReportLanguage; as?: string },
      ) =>
        withStore(async (store) => {
          const formats = formatsOf(opts);
          const files = orExit(
            await dossierReport(store, await cliActor(store, opts.as), taxId.trim().toUpperCase(), {
              lang: opts.lang,
              formats,
              ...(opts.run ? { runId: opts.run } : {}),
            }),
          );
          write(opts, files);
        }),
    );

  report
    .command('campaign <id>')
    .summary("a campaign's report: progress by region, tasks, outcome, publications")
    .option('--pdf <file>', 'write the PDF here')
    .option('--html <file>', 'write the HTML here')
    .addOption(LANG())
    .addOption(AS_OPTION())
    .action(async (id: string, opts: { pdf?: string; html?: string; lang: ReportLanguage; as?: string }) =>
      withStore(async (store) => {
        const files = orExit(
          await campaignReport(store, await cliActor(store, opts.as), positiveInt('campaign id')(id), {
            lang: opts.lang,
            formats: formatsOf(opts),
          }),
        );
        write(opts, files);
      }),
    );
}
