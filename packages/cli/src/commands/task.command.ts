// `oresight task …`: inspection tasks from a run's lists, their workflow (open → in_progress →
// findings_recorded → closed), findings and attachments (issue 7).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { TaskStatus } from '@oresight/app';
import {
  LICENCE_ACTIONS,
  TASK_STATUSES,
  VIOLATION_KINDS,
  addAttachment,
  generateTasks,
  getAttachmentFile,
  getTaskDetail,
  listTaskViews,
  recordFinding,
  setTaskStatus,
  tonnesTextToKg,
  updateTaskPlan,
} from '@oresight/app';
import { yuanTextToFen } from '@oresight/core/domain';
import { UsageError } from '../ui/errors.ts';
import { printTable } from '../ui/table.ts';
import { AS_OPTION, cliActor, orExit, positiveInt, withStore } from './campaign.command.ts';

const LISTS = ['black', 'grey', 'white', 'unrated'] as const;

export function registerTaskCommands(program: Command): void {
  const task = program
    .command('task')
    .summary('inspection tasks: generate from a run, work, record findings, attach files')
    .description(
      "Tasks are made from a run's lists (overrides in force applied) with the campaign's measures: by default black →\n" +
        'on-site inspection due in 30 days, grey → document request due in 15 days. Workflow: open → in_progress →\n' +
        'findings_recorded → closed. Inspectors (--as) work only the tasks of their regions.',
    );

  task
    .command('generate <campaignId>')
    .summary("make a campaign's tasks from a finished run")
    .requiredOption('--run <id>', 'the run whose lists to use', positiveInt('--run'))
    .option('--as-of <date>', 'deadlines count from this date (default: today, China Standard Time)')
    .addOption(AS_OPTION())
    .action(async (campaignId: string, opts: { run: number; asOf?: string; as?: string }) =>
      withStore(async (store) => {
        const r = orExit(
          await generateTasks(store, await cliActor(store, opts.as), positiveInt('campaign id')(campaignId), {
            runId: opts.run,
            ...(opts.asOf ? { asOf: opts.asOf } : {}),
          }),
        );
        process.stdout.write(
          `${r.created.length} tasks (black ${r.byList.black}, grey ${r.byList.grey}, unrated ${r.byList.unrated}, white ${r.byList.white}); ${r.skippedExisting} already had a task; ${r.unassigned} unassigned\n`,
        );
        printTable(
          ['id', 'taxId', 'name', 'list', 'kind', 'due', 'assignee'],
          r.created.map((t) => [t.id, t.taxId, t.name, t.list, t.kind, t.dueDate, t.assignee ?? '—']),
        );
      }),
    );

  task
    .command('list')
    .summary('tasks, by deadline')
    .option('--campaign <id>', 'of one campaign', positiveInt('--campaign'))
    .addOption(new Option('--status <status>').choices([...TASK_STATUSES]))
    .addOption(new Option('--list <list>').choices([...LISTS]))
    .option('--assignee <user>')
    .option('--overdue', 'only overdue tasks')
    .addOption(AS_OPTION())
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        campaign?: number;
        status?: TaskStatus;
        list?: (typeof LISTS)[number];
        assignee?: string;
        overdue?: boolean;
        as?: string;
        json?: boolean;
      }) =>
        withStore(async (store) => {
          const page = await listTaskViews(store, await cliActor(store, opts.as), {
            ...(opts.campaign ? { campaignId: opts.campaign } : {}),
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.list ? { list: opts.list } : {}),
            ...(opts.assignee ? { assignee: opts.assignee } : {}),
            ...(opts.overdue ? { overdue: true } : {}),
            limit: 100_000,
            offset: 0,
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
            return;
          }
          printTable(
            ['id', 'campaign', 'taxId', 'name', 'list', 'kind', 'due', 'status', 'assignee'],
            page.items.map((t) => [
              t.id,
              t.campaignId,
              t.taxId,
              t.name,
              t.list,
              t.kind,
              `${t.dueDate}${t.overdue ? ' !' : ''}`,
              t.status,
              t.assignee ?? '—',
            ]),
          );
        }),
    );

  task
    .command('show <id>')
    .summary('a task with its findings, attachments and history')
    .addOption(AS_OPTION())
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { as?: string; json?: boolean }) =>
      withStore(async (store) => {
        const t = await getTaskDetail(store, await cliActor(store, opts.as), positiveInt('task id')(id));
        if (!t) throw new UsageError(`task ${id} not found`);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `task ${t.id}: ${t.kind} — ${t.name} ${t.taxId} (${t.list}${t.computedList !== t.list ? `, computed ${t.computedList}` : ''})\n` +
            `  status ${t.status}, due ${t.dueDate}${t.overdue ? ' (overdue)' : ''}, assignee ${t.assignee ?? '—'}${t.outcome ? `\n  outcome: ${t.outcome}` : ''}\n`,
        );
        if (t.findings.length > 0)
          printTable(
            ['finding', 'violation', 'seized kg', 'penalty CNY', 'licence', 'by', 'description'],
            t.findings.map((f) => [
              f.id,
              f.violationKind,
              f.seizedKg,
              f.penaltyCny,
              f.licenceAction,
              f.recordedBy,
              f.description,
            ]),
          );
        if (t.attachments.length > 0)
          printTable(
            ['attachment', 'file', 'type', 'bytes', 'sha256'],
            t.attachments.map((a) => [a.id, a.fileName, a.contentType, a.sizeBytes, a.sha256]),
          );
        for (const h of t.history) process.stdout.write(`  ${h.at}  ${h.actor}  ${h.action}\n`);
      }),
    );

  task
    .command('status <id> <status>')
    .summary('move a task one step (in_progress, findings_recorded, closed)')
    .option('--outcome <text>', 'required to close')
    .addOption(AS_OPTION())
    .action(async (id: string, status: string, opts: { outcome?: string; as?: string }) =>
      withStore(async (store) => {
        const t = orExit(
          await setTaskStatus(store, await cliActor(store, opts.as), positiveInt('task id')(id), {
            status,
            ...(opts.outcome ? { outcome: opts.outcome } : {}),
          }),
        );
        process.stdout.write(`task ${t.id}: ${t.status}\n`);
      }),
    );

  task
    .command('assign <id> <user>')
    .summary('reassign a task ("-" to unassign) and optionally move its deadline')
    .option('--due <date>', 'new deadline')
    .addOption(AS_OPTION())
    .action(async (id: string, user: string, opts: { due?: string; as?: string }) =>
      withStore(async (store) => {
        const t = orExit(
          await updateTaskPlan(store, await cliActor(store, opts.as), positiveInt('task id')(id), {
            assignee: user === '-' ? null : user,
            ...(opts.due ? { dueDate: opts.due } : {}),
          }),
        );
        process.stdout.write(`task ${t.id}: assignee ${t.assignee ?? '—'}, due ${t.dueDate}\n`);
      }),
    );

  task
    .command('finding <id>')
    .summary('record a finding: violation, quantity seized, penalty, licence action')
    .addOption(new Option('--kind <violation>').choices([...VIOLATION_KINDS]).makeOptionMandatory())
    .requiredOption('--description <text>')
    .option('--seized-t <tonnes>', 'quantity seized, t')
    .option('--seized-kg <kg>', 'quantity seized, kg')
    .option('--penalty <cny>', 'penalty in CNY (yuan, exact to the fen), e.g. 500000.00')
    .addOption(new Option('--licence-action <action>').choices([...LICENCE_ACTIONS]).default('none'))
    .addOption(AS_OPTION())
    .action(
      async (
        id: string,
        opts: {
          kind: string;
          description: string;
          seizedT?: string;
          seizedKg?: string;
          penalty?: string;
          licenceAction: string;
          as?: string;
        },
      ) =>
        withStore(async (store) => {
          if (opts.seizedT !== undefined && opts.seizedKg !== undefined)
            throw new UsageError('give --seized-t or --seized-kg, not both');
          const seized =
            opts.seizedT !== undefined
              ? tonnesTextToKg(opts.seizedT)
              : opts.seizedKg !== undefined
                ? Number(opts.seizedKg)
                : 0;
          if (seized === undefined || !Number.isFinite(seized) || seized < 0)
            throw new UsageError('the quantity seized must be a non-negative number');
          const penaltyFen = opts.penalty !== undefined ? yuanTextToFen(opts.penalty) : 0;
          if (penaltyFen === undefined || penaltyFen < 0)
            throw new UsageError(`--penalty must be an amount in CNY, got "${opts.penalty}"`);
          const r = orExit(
            await recordFinding(store, await cliActor(store, opts.as), positiveInt('task id')(id), {
              violationKind: opts.kind,
              description: opts.description,
              seizedKg: seized,
              penaltyFen,
              licenceAction: opts.licenceAction,
            }),
          );
          process.stdout.write(
            `finding ${r.finding.id} on task ${r.task.id} (${r.task.status}): penalty ${r.finding.penaltyCny} CNY\n`,
          );
        }),
    );

  task
    .command('attach <id> <file>')
    .summary('attach a file (PDF, PNG, JPEG, XLSX, DOCX, TXT, CSV; at most 10 MiB)')
    .option('--type <contentType>', 'content type (default: from the extension)')
    .addOption(AS_OPTION())
    .action(async (id: string, file: string, opts: { type?: string; as?: string }) =>
      withStore(async (store) => {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(readFileSync(file));
        } catch {
          throw new UsageError(`cannot read ${file}`);
        }
        const a = orExit(
          await addAttachment(store, await cliActor(store, opts.as), positiveInt('task id')(id), {
            fileName: basename(file),
            ...(opts.type ? { contentType: opts.type } : {}),
            bytes,
          }),
        );
        process.stdout.write(
          `attachment ${a.id}: ${a.fileName} ${a.contentType} ${a.sizeBytes} bytes sha256 ${a.sha256}\n`,
        );
      }),
    );

  task
    .command('download <id> <attachmentId> <outFile>')
    .summary('save an attachment (its SHA-256 is checked)')
    .addOption(AS_OPTION())
    .action(async (id: string, attachmentId: string, outFile: string, opts: { as?: string }) =>
      withStore(async (store) => {
        const f = await getAttachmentFile(
          store,
          await cliActor(store, opts.as),
          positiveInt('task id')(id),
          positiveInt('attachment id')(attachmentId),
        );
        if (!f) throw new UsageError(`attachment ${attachmentId} of task ${id} not found`);
        writeFileSync(outFile, f.data);
        process.stdout.write(`wrote ${outFile} (${f.meta.sizeBytes} bytes, sha256 ${f.meta.sha256})\n`);
      }),
    );
}
