// `oresight audit verify|list`: the tamper-evident audit log (issue 7). `verify` walks the whole
// SHA-256 chain and exits 3 naming the first entry that does not verify: a changed, deleted,
// inserted or reordered row breaks the chain at that row.
import type { Command } from 'commander';
import { listAuditEntries, verifyAudit } from '@oresight/app';
import { printTable } from '../ui/table.ts';
import { AS_OPTION, cliActor, orExit, positiveInt, withStore } from './campaign.command.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .summary('the audit log: check its chain, list its entries')
    .description(
      'Every sign-in, import, run, override, approval, task change, publication, appeal and export is an entry chained to\n' +
        'the previous one by SHA-256.',
    );

  audit
    .command('verify')
    .summary('walk the chain; exit 3 naming the first broken entry')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withStore(async (store) => {
        const v = await verifyAudit(store);
        if (opts.json) process.stdout.write(`${JSON.stringify(v)}\n`);
        if (v.ok) {
          if (!opts.json)
            process.stdout.write(
              `audit chain intact: ${v.entries.toLocaleString('en-US')} entries / 审计链完整\n`,
            );
          return;
        }
        process.stderr.write(
          `oresight: audit chain broken at entry ${v.brokenAt}: ${v.reason} / 审计日志第 ${v.brokenAt} 条校验失败\n`,
        );
        process.exitCode = 3;
      }),
    );

  audit
    .command('list')
    .summary('entries, newest first')
    .option('--action <prefix>', 'e.g. override, task.status, export')
    .option('--actor <user>')
    .option('--subject <subject>', 'e.g. task:4, override:7, run:3')
    .option('--limit <n>', 'how many', positiveInt('--limit'), 50)
    .option('--offset <n>', 'skip this many', (v: string) => Math.max(0, Number(v) || 0), 0)
    .addOption(AS_OPTION())
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        action?: string;
        actor?: string;
        subject?: string;
        limit: number;
        offset: number;
        as?: string;
        json?: boolean;
      }) =>
        withStore(async (store) => {
          const page = orExit(
            await listAuditEntries(store, await cliActor(store, opts.as), {
              ...(opts.action ? { action: opts.action } : {}),
              ...(opts.actor ? { actor: opts.actor } : {}),
              ...(opts.subject ? { subject: opts.subject } : {}),
              limit: opts.limit,
              offset: opts.offset,
            }),
          );
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
            return;
          }
          printTable(
            ['id', 'at', 'actor', 'action', 'subject', 'details'],
            page.items.map((e) => {
              const details = JSON.stringify(e.details);
              return [
                e.id,
                e.at,
                e.actor,
                e.action,
                e.subject ?? '',
                details.length > 80 ? `${details.slice(0, 79)}…` : details,
              ];
            }),
          );
          process.stdout.write(`${page.items.length} of ${page.total}\n`);
        }),
    );
}
