// `oresight override …`, `oresight publish`, `oresight publications`, `oresight appeal …`: list
// governance (issue 7). Moves onto or off the black list wait for a second user's approval; an
// approval, a rejection and an appeal decision are taken by a named user (--as).
import type { Command } from 'commander';
import { Option } from 'commander';
import type { OverrideStatus } from '@oresight/app';
import {
  APPEAL_OUTCOMES,
  OVERRIDE_STATUSES,
  approveOverride,
  decideAppeal,
  fileAppeal,
  listAppealViews,
  listOverrideViews,
  listPublicationViews,
  publishList,
  rejectOverride,
  requestOverride,
  withdrawOverride,
} from '@oresight/app';
import { printTable } from '../ui/table.ts';
import { AS_OPTION, cliActor, orExit, positiveInt, withStore } from './campaign.command.ts';

const LISTS = ['black', 'grey', 'white', 'unrated'] as const;

export function registerGovernanceCommands(program: Command): void {
  const override = program
    .command('override')
    .summary("override an enterprise's list in a run (four eyes on black-list moves)")
    .description(
      'The computed list stays beside the override. Onto or off the black list a request waits until another\n' +
        'administrator or analyst approves it; other moves apply at once. Every step is in the audit log.',
    );

  override
    .command('request <taxId>')
    .summary('request an override with a written reason')
    .requiredOption('--run <id>', 'the run', positiveInt('--run'))
    .addOption(new Option('--list <list>').choices([...LISTS]).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why (at least 5 characters)')
    .option('--expires <date>', 'last day in force')
    .addOption(AS_OPTION())
    .action(
      async (
        taxId: string,
        opts: { run: number; list: string; reason: string; expires?: string; as?: string },
      ) =>
        withStore(async (store) => {
          const o = orExit(
            await requestOverride(store, await cliActor(store, opts.as), {
              runId: opts.run,
              taxId: taxId.trim().toUpperCase(),
              list: opts.list,
              reason: opts.reason,
              ...(opts.expires ? { expiresOn: opts.expires } : {}),
            }),
          );
          process.stdout.write(
            `override ${o.id}: ${o.name} ${o.fromList} → ${o.list} — ${o.status}${o.needsApproval ? ' (needs approval by another user)' : ''}\n`,
          );
        }),
    );

  override
    .command('approve <id>')
    .summary('approve a pending request (a named administrator or analyst other than the requester)')
    .option('--note <text>')
    .addOption(AS_OPTION())
    .action(async (id: string, opts: { note?: string; as?: string }) =>
      withStore(async (store) => {
        const o = orExit(
          await approveOverride(store, await cliActor(store, opts.as, true), positiveInt('override id')(id), {
            note: opts.note ?? null,
          }),
        );
        process.stdout.write(`override ${o.id} approved by ${o.decidedBy ?? ''}: ${o.name} now ${o.list}\n`);
      }),
    );

  override
    .command('reject <id>')
    .summary('reject a pending request, saying why')
    .requiredOption('--note <text>')
    .addOption(AS_OPTION())
    .action(async (id: string, opts: { note: string; as?: string }) =>
      withStore(async (store) => {
        const o = orExit(
          await rejectOverride(store, await cliActor(store, opts.as, true), positiveInt('override id')(id), {
            note: opts.note,
          }),
        );
        process.stdout.write(`override ${o.id} rejected by ${o.decidedBy ?? ''}\n`);
      }),
    );

  override
    .command('withdraw <id>')
    .summary("withdraw one's own pending request")
    .addOption(AS_OPTION())
    .action(async (id: string, opts: { as?: string }) =>
      withStore(async (store) => {
        const o = orExit(
          await withdrawOverride(store, await cliActor(store, opts.as), positiveInt('override id')(id)),
        );
        process.stdout.write(`override ${o.id} withdrawn\n`);
      }),
    );

  override
    .command('list')
    .summary('overrides, newest first')
    .option('--run <id>', 'of one run', positiveInt('--run'))
    .option('--tax-id <taxId>')
    .addOption(new Option('--status <status>').choices([...OVERRIDE_STATUSES]))
    .addOption(AS_OPTION())
    .option('--json', 'print JSON')
    .action(
      async (opts: { run?: number; taxId?: string; status?: OverrideStatus; as?: string; json?: boolean }) =>
        withStore(async (store) => {
          const page = await listOverrideViews(store, await cliActor(store, opts.as), {
            ...(opts.run ? { runId: opts.run } : {}),
            ...(opts.taxId ? { taxId: opts.taxId.toUpperCase() } : {}),
            ...(opts.status ? { status: opts.status } : {}),
            limit: 100_000,
            offset: 0,
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
            return;
          }
          printTable(
            ['id', 'run', 'taxId', 'name', 'move', 'status', 'in force', 'requested', 'decided', 'reason'],
            page.items.map((o) => [
              o.id,
              o.runId,
              o.taxId,
              o.name,
              `${o.fromList} → ${o.list}`,
              o.status,
              o.inForce ? 'yes' : '',
              o.requestedBy,
              o.decidedBy ?? '',
              o.reason,
            ]),
          );
        }),
    );

  program
    .command('publish')
    .summary("publish a run's lists as they stand (frozen, sealed by SHA-256)")
    .requiredOption('--run <id>', 'the run', positiveInt('--run'))
    .option('--title <title>')
    .option('--as-of <date>', "judge the overrides' expiry on this date (default: today, CST)")
    .addOption(AS_OPTION())
    .action(async (opts: { run: number; title?: string; asOf?: string; as?: string }) =>
      withStore(async (store) => {
        const p = orExit(
          await publishList(store, await cliActor(store, opts.as), {
            runId: opts.run,
            ...(opts.title ? { title: opts.title } : {}),
            ...(opts.asOf ? { asOf: opts.asOf } : {}),
          }),
        );
        process.stdout.write(
          `publication ${p.id}: ${p.title}\n  ${p.entries} entries (black ${p.counts.black}, grey ${p.counts.grey}, unrated ${p.counts.unrated}, white ${p.counts.white}), ${p.overrides} overridden\n  sha256 ${p.sha256}\n`,
        );
      }),
    );

  program
    .command('publications')
    .summary('published list versions, newest first')
    .option('--run <id>', 'of one run', positiveInt('--run'))
    .action(async (opts: { run?: number }) =>
      withStore(async (store) => {
        const page = await listPublicationViews(store, {
          ...(opts.run ? { runId: opts.run } : {}),
          limit: 1000,
          offset: 0,
        });
        printTable(
          ['id', 'run', 'title', 'published', 'by', 'black', 'grey', 'overridden', 'sha256'],
          page.items.map((p) => [
            p.id,
            p.runId,
            p.title,
            p.publishedAt,
            p.publishedBy,
            p.counts.black,
            p.counts.grey,
            p.overrides,
            p.sha256.slice(0, 16),
          ]),
        );
      }),
    );

  const appeal = program.command('appeal').summary('appeals against a published list, and their outcome');

  appeal
    .command('file <publicationId> <taxId>')
    .summary("record an enterprise's appeal against its entry")
    .requiredOption('--grounds <text>')
    .option('--filed-on <date>', 'default: today (CST)')
    .addOption(AS_OPTION())
    .action(
      async (
        publicationId: string,
        taxId: string,
        opts: { grounds: string; filedOn?: string; as?: string },
      ) =>
        withStore(async (store) => {
          const a = orExit(
            await fileAppeal(
              store,
              await cliActor(store, opts.as),
              positiveInt('publication id')(publicationId),
              {
                taxId,
                grounds: opts.grounds,
                ...(opts.filedOn ? { filedOn: opts.filedOn } : {}),
              },
            ),
          );
          process.stdout.write(
            `appeal ${a.id}: ${a.name} against the ${a.list} list of publication ${a.publicationId} (pending)\n`,
          );
        }),
    );

  appeal
    .command('decide <id>')
    .summary('decide an appeal: upheld or dismissed')
    .addOption(new Option('--outcome <outcome>').choices([...APPEAL_OUTCOMES]).makeOptionMandatory())
    .requiredOption('--note <text>')
    .addOption(AS_OPTION())
    .action(async (id: string, opts: { outcome: string; note: string; as?: string }) =>
      withStore(async (store) => {
        const a = orExit(
          await decideAppeal(store, await cliActor(store, opts.as, true), positiveInt('appeal id')(id), {
            outcome: opts.outcome,
            note: opts.note,
          }),
        );
        process.stdout.write(`appeal ${a.id}: ${a.status} by ${a.decidedBy ?? ''}\n`);
      }),
    );

  appeal
    .command('list')
    .summary('appeals, oldest first')
    .option('--publication <id>', 'of one publication', positiveInt('--publication'))
    .addOption(AS_OPTION())
    .action(async (opts: { publication?: number; as?: string }) =>
      withStore(async (store) => {
        const page = await listAppealViews(store, await cliActor(store, opts.as), {
          ...(opts.publication ? { publicationId: opts.publication } : {}),
          limit: 100_000,
          offset: 0,
        });
        printTable(
          ['id', 'publication', 'taxId', 'name', 'list', 'filed', 'status', 'decided by', 'grounds'],
          page.items.map((a) => [
            a.id,
            a.publicationId,
            a.taxId,
            a.name,
            a.list,
            a.filedOn,
            a.status,
            a.decidedBy ?? '',
            a.grounds,
          ]),
        );
      }),
    );
}
