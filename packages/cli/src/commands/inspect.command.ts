// `oresight inspect`, `explain`, `runs`, `diff`.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import {
  diffRuns,
  explainEnterprise,
  exportResultTable,
  getRunMeta,
  listRuns,
  openAppStore,
  parsePeriod,
  recordAudit,
  parsePolicyText,
  runInspection,
} from '@oresight/app';
import type { InspectionResult, Policy } from '@oresight/core/inspect';
import { serializeResult } from '@oresight/core/inspect';
import { ROLE_LABELS, fenToYuanText, regionLabel } from '@oresight/core/domain';
import { createProgressBar } from '../ui/progress.ts';
import { UsageError } from '../ui/errors.ts';
import { printTable } from '../ui/table.ts';

const LIST_TEXT: Record<string, string> = {
  black: '黑名单 black',
  grey: '灰名单 grey',
  white: '白名单 white',
  unrated: '未评级 unrated',
};

function runId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`a run id is a whole number (see \`oresight runs\`), got "${v}"`);
  return n;
}

function readPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the policy file ${path}`);
  }
  const parsed = parsePolicyText(text);
  if (!parsed.ok)
    throw new UsageError(`the policy file ${path} is not valid:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.policy;
}

function printSummary(result: InspectionResult, runIdValue: number, seconds: number): void {
  const c = result.counts;
  process.stdout.write(
    `Run ${runIdValue}: ${result.period.from} → ${result.period.to}, policy ${result.policy.id} ${result.policy.version}, ` +
      `${result.dataset.invoiceLines.toLocaleString('en-US')} lines, ${result.dataset.enterprises} enterprises, ${seconds.toFixed(1)} s\n` +
      `  black ${c.black}  grey ${c.grey}  unrated ${c.unrated}  white ${c.white}  cycles ${result.cycles.length}\n`,
  );
  for (const cap of result.caps) process.stdout.write(`  ! ${cap.text} / ${cap.textEn}\n`);
  const top = result.enterprises.filter((e) => e.list === 'black').slice(0, 10);
  if (top.length > 0) {
    process.stdout.write('Top of the black list:\n');
    printTable(
      ['score', 'taxId', 'name', 'region', 'reasons'],
      top.map((e) => [
        e.score,
        e.taxId,
        e.name,
        e.region ? regionLabel(e.region, 'zh') : '',
        [...new Set(e.reasons.map((r) => r.rule))].join(', '),
      ]),
    );
  }
}

export function registerInspectCommands(program: Command): void {
  program
    .command('inspect')
    .summary('run an inspection over a period and keep its result')
    .description(
      'Inspects the stored data for a period under a policy (default: policies/default.json): price differences, mass balance and quotas,\n' +
        'flow tracing, circular invoicing, pass-through traders and the other signals of docs/inspection-engine.md, then the lists.\n' +
        'The result is kept as a run (see `oresight runs`); the same data and policy give byte-identical JSON.',
    )
    .option('--period <period>', 'a year (2013), quarter (2013-Q3) or month (2013-08)')
    .option('--from <date>', 'first day (YYYY-MM-DD), with --to')
    .option('--to <date>', 'last day (YYYY-MM-DD), with --from')
    .option('--policy <file.json>', 'a policy file (copy policies/default.json and edit it)')
    .option('--json <file>', 'write the result JSON (formats.md §7); "-" for standard output')
    .option('--csv <file>', 'write the lists as CSV')
    .option('--xlsx <file>', 'write the lists as XLSX')
    .addOption(
      new Option('--lang <lang>', 'language of the CSV/XLSX columns').choices(['zh', 'en']).default('zh'),
    )
    .option('--user <name>', 'who runs it (recorded with the run and in the audit log)', process.env.USER)
    .action(
      async (opts: {
        period?: string;
        from?: string;
        to?: string;
        policy?: string;
        json?: string;
        csv?: string;
        xlsx?: string;
        lang: 'zh' | 'en';
        user?: string;
      }) => {
        if (!opts.period && !(opts.from && opts.to))
          throw new UsageError('give --period (e.g. 2013, 2013-Q3, 2013-08) or --from and --to');
        const period = parsePeriod(opts);
        if (!period)
          throw new UsageError(
            `not a period: ${opts.period ?? `${opts.from} → ${opts.to}`} (use 2013, 2013-Q3, 2013-08, or --from 2013-01-01 --to 2013-06-30)`,
          );
        const policy = opts.policy ? readPolicy(opts.policy) : undefined;
        const store = await openAppStore();
        try {
          const bar = createProgressBar('检查 inspect', 'count');
          const started = Date.now();
          const out = await runInspection(store, {
            period,
            ...(policy ? { policy } : {}),
            user: opts.user ?? null,
            onProgress: (stage, done, total) => bar.update(done, total, stage),
          });
          bar.done();
          const seconds = (Date.now() - started) / 1000;
          if (opts.json) {
            const text = `${serializeResult(out.result, { indent: 2 })}\n`;
            if (opts.json === '-') process.stdout.write(text);
            else writeFileSync(opts.json, text);
          }
          if (opts.csv) writeFileSync(opts.csv, exportResultTable(out.result, 'csv', opts.lang));
          if (opts.xlsx) writeFileSync(opts.xlsx, exportResultTable(out.result, 'xlsx', opts.lang));
          const written = { json: opts.json, csv: opts.csv, xlsx: opts.xlsx };
          if (opts.json || opts.csv || opts.xlsx)
            // Lists leaving the store are exports (issue 7): the audit log says who took which.
            await recordAudit(store, opts.user ?? 'cli', 'export.list', `run:${out.runId}`, {
              via: 'cli inspect',
              files: Object.fromEntries(Object.entries(written).filter(([, f]) => f !== undefined)),
            });
          if (opts.json !== '-') {
            printSummary(out.result, out.runId, seconds);
            const s = out.stats;
            process.stdout.write(
              `  time: load ${(s.load.ms.total / 1000).toFixed(2)} s, inspect ${(s.inspectMs / 1000).toFixed(2)} s, save ${(s.persistMs / 1000).toFixed(2)} s\n`,
            );
            for (const f of [opts.json, opts.csv, opts.xlsx]) if (f) process.stdout.write(`  wrote ${f}\n`);
          }
        } finally {
          await store.close();
        }
      },
    );

  program
    .command('explain')
    .summary("an enterprise's signals, reasons and evidence")
    .argument('<taxId>', 'taxpayer ID')
    .option('--run <id>', 'a run (default: the latest)', runId)
    .addOption(new Option('--lang <lang>', 'language of the reasons').choices(['zh', 'en']).default('zh'))
    .option('--json', 'print JSON')
    .action(async (taxId: string, opts: { run?: number; lang: 'zh' | 'en'; json?: boolean }) => {
      const store = await openAppStore();
      try {
        const ex = await explainEnterprise(store, taxId.trim().toUpperCase(), opts.run);
        if (!ex)
          throw new UsageError(
            opts.run
              ? `${taxId} is not in run ${opts.run}`
              : `no finished run holds ${taxId} (run \`oresight inspect --period …\` first)`,
          );
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ run: ex.run, entry: ex.entry, evidence: Object.fromEntries(ex.lines) }, null, 2)}\n`,
          );
          return;
        }
        const e = ex.entry;
        const zh = opts.lang === 'zh';
        process.stdout.write(
          `${e.name} ${e.taxId}\n` +
            `  ${e.roles.map((r) => (zh ? ROLE_LABELS[r].zh : ROLE_LABELS[r].en)).join('、') || (zh ? '未登记' : 'not in the registry')}` +
            `${e.region ? `, ${regionLabel(e.region, opts.lang)}` : ''}${e.group ? `, ${e.group}` : ''}\n` +
            `  ${LIST_TEXT[e.list]}, score ${e.score} (run ${ex.run.id}, ${ex.run.periodFrom} → ${ex.run.periodTo})\n`,
        );
        const s = e.signals;
        printTable(
          ['signal', 'value'],
          [
            ['reoInKg', s.reoInKg],
            ['reoOutKg', s.reoOutKg],
            ['capacityKg', s.capacityKg],
            ['unexplainedKg', s.unexplainedKg],
            ['quotaOverrunKg', s.quotaOverrunKg],
            ['purchaseValueGap', s.purchaseValueGap],
            ['saleValueGap', s.saleValueGap],
            ['belowMarketShare', s.belowMarketShare],
            ['pricedShare', s.pricedShare],
            ['illegalShare', s.illegalShare],
            ['offRegisterShare', s.offRegisterShare],
            ['invoiceRuleBreachShare', s.invoiceRuleBreachShare],
          ],
        );
        if (e.reasons.length === 0) process.stdout.write(zh ? '无触发规则\n' : 'No rule fired.\n');
        for (const r of e.reasons) {
          process.stdout.write(
            `\n• [${r.list}] ${r.rule}: ${zh ? r.text : r.textEn}\n  value ${r.value ?? '—'}, threshold ${r.threshold ?? '—'}\n`,
          );
          for (const ref of r.evidence) {
            const l = ex.lines.get(ref);
            process.stdout.write(
              l
                ? `    ${ref}  ${l.issueDate}  ${l.sellerName} → ${l.buyerName}  ${l.itemName}  ${l.quantity} ${l.unit} × ${l.unitPrice} = ${fenToYuanText(l.amountFen)}  (REO ${l.reoKg} kg)\n`
                : `    ${ref}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('runs')
    .summary('list inspection runs')
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--json', 'print JSON')
    .action(async (opts: { limit: number; json?: boolean }) => {
      const store = await openAppStore();
      try {
        const { items, total } = await listRuns(store.db, { limit: opts.limit });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ total, items }, null, 2)}\n`);
          return;
        }
        printTable(
          [
            'run',
            'status',
            'period',
            'policy',
            'lines',
            'black',
            'grey',
            'unrated',
            'white',
            'fingerprint',
            'created',
          ],
          items.map((r) => [
            r.id,
            r.status,
            `${r.periodFrom} → ${r.periodTo}`,
            `${r.policyId} ${r.policyVersion}`,
            r.invoiceLines,
            r.black,
            r.grey,
            r.unrated,
            r.white,
            r.fingerprint.slice(7, 19),
            r.createdAt.slice(0, 19).replace('T', ' '),
          ]),
        );
        process.stdout.write(`${items.length} of ${total} runs\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('diff')
    .summary('what moved between two runs, and why')
    .argument('<runA>', 'the earlier run', runId)
    .argument('<runB>', 'the later run', runId)
    .option('--json', 'print JSON')
    .action(async (a: number, b: number, opts: { json?: boolean }) => {
      const store = await openAppStore();
      try {
        for (const id of [a, b])
          if (!(await getRunMeta(store.db, id)))
            throw new UsageError(`there is no run ${id} (see \`oresight runs\`)`);
        const d = await diffRuns(store, a, b);
        if (!d) throw new UsageError(`runs ${a} and ${b} must both be finished`);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(d.diff, null, 2)}\n`);
          return;
        }
        const { diff } = d;
        process.stdout.write(
          `Run ${a} → run ${b}\n` +
            `  period: ${diff.period.same ? 'same' : `${diff.period.a.from}…${diff.period.a.to} → ${diff.period.b.from}…${diff.period.b.to}`}\n` +
            `  data: ${diff.data.same ? 'same fingerprint' : 'different data'}\n` +
            `  policy: ${diff.policy.same ? 'same' : `${diff.policy.a.version} → ${diff.policy.b.version}`}\n`,
        );
        for (const p of diff.policy.parameterChanges)
          process.stdout.write(`    ${p.parameter}: ${JSON.stringify(p.a)} → ${JSON.stringify(p.b)}\n`);
        for (const r of diff.policy.ruleChanges)
          process.stdout.write(`    rule ${r.rule}: ${JSON.stringify(r.a)} → ${JSON.stringify(r.b)}\n`);
        const ca = diff.counts.a;
        const cb = diff.counts.b;
        process.stdout.write(
          `  black ${ca.black} → ${cb.black}, grey ${ca.grey} → ${cb.grey}, unrated ${ca.unrated} → ${cb.unrated}, white ${ca.white} → ${cb.white}\n`,
        );
        const moved = diff.enterprises.filter((e) => e.moved);
        if (moved.length > 0) {
          printTable(
            ['taxId', 'name', 'from', 'to', 'why'],
            moved
              .slice(0, 50)
              .map((e) => [
                e.taxId,
                e.name,
                e.from ?? '—',
                e.to ?? '—',
                [
                  ...e.reasonsAppeared.map((r) => `+${r.rule}`),
                  ...e.reasonsDisappeared.map((r) => `-${r.rule}`),
                ].join(' '),
              ]),
          );
          if (moved.length > 50) process.stdout.write(`  … ${moved.length - 50} more (--json for all)\n`);
        } else process.stdout.write('  no enterprise changed list\n');
      } finally {
        await store.close();
      }
    });
}
