// `oresight campaign …`: campaigns, registration of enterprises (one by one or from a CSV/XLSX
// table) and progress by region (issue 7). The rules are the app's: a command runs as the user
// named by --as (or ORESIGHT_USER) with that user's role and regions, else as the operator at
// the terminal with national administrator rights (whoever holds the store holds everything).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Actor, Failure, Licence, Outcome, RegistrationInput, Store } from '@oresight/app';
import {
  CAMPAIGN_STATUSES,
  REGISTRATION_STATUSES,
  createCampaign,
  getUserAccount,
  importRegistrations,
  listCampaignRegistrations,
  listCampaignViews,
  loadCampaign,
  openAppStore,
  parseCompositionText,
  registrationProgress,
  tonnesTextToKg,
  updateCampaign,
  upsertRegistration,
  verifyRegistration,
} from '@oresight/app';
import { regionLabel } from '@oresight/core/domain';
import { writeCsvFile } from '../ui/csv-file.ts';
import { UsageError } from '../ui/errors.ts';
import { printTable } from '../ui/table.ts';

/** `zh / en` of a failure. */
export function describeFailure(f: Failure): string {
  const details = f.details && f.details.length > 1 ? `\n  ${f.details.join('\n  ')}` : '';
  return `${f.zh} / ${f.en}${details}`;
}

/** A failed outcome as a user error (exit code 2), in both languages. */
export function orExit<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new UsageError(describeFailure(outcome.error));
}

/**
 * Who runs the command: the user named by --as (or ORESIGHT_USER), with their role and regions;
 * else, unless `named` is required, the operator at the terminal as a national administrator.
 */
export async function cliActor(store: Store, as: string | undefined, named = false): Promise<Actor> {
  const name = as ?? (process.env.ORESIGHT_USER?.trim() || undefined);
  if (name) {
    const u = await getUserAccount(store, name);
    if (!u || u.disabled) throw new UsageError(`no enabled user "${name}" (see \`oresight user list\`)`);
    return { id: u.id, username: u.username, role: u.role, regions: u.regions };
  }
  if (named)
    throw new UsageError(
      'this decision is taken by a named user: give --as <username> (or set ORESIGHT_USER)',
    );
  let os = 'cli';
  try {
    os = `cli:${userInfo().username}`;
  } catch {
    // no user database entry: keep "cli"
  }
  return { id: 0, username: os, role: 'admin', regions: [] };
}

/** Opens the store, runs `fn`, closes the store. */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openAppStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`${name} must be a positive whole number, got "${v}"`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

export const AS_OPTION = (): Option =>
  new Option(
    '--as <username>',
    'act as this user (their role and regions); default: ORESIGHT_USER, else the operator',
  );

function tonnes(name: string) {
  return (v: string) => {
    const kg = tonnesTextToKg(v);
    if (kg === undefined || kg < 0)
      throw new UsageError(`${name} must be a non-negative number of tonnes, got "${v}"`);
    return kg;
  };
}

function readMeasures(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(
      `cannot read the measures file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseLicence(text: string, previous: Licence[] = []): Licence[] {
  const [kind, number, until] = text.split(/[:：]/).map((p) => p.trim());
  if (!kind || !number) throw new UsageError(`a licence is kind:number[:valid-until], got "${text}"`);
  return [...previous, { kind, number, validUntil: until || null }];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function registerCampaignCommands(program: Command): void {
  const campaign = program
    .command('campaign')
    .summary('campaigns: scope, measures, registration of enterprises, progress')
    .description(
      'A campaign (e.g. 2013-08-15 → 2013-11-15) covers the enterprises of its regions and roles. Each is registered\n' +
        '(licences, capacity, declared opening stock, contact) and verified; the declared opening stock replaces the\n' +
        "registry's in later inspection runs. Tasks come from a run's lists (see `oresight task`).",
    );

  campaign
    .command('create')
    .summary('create a campaign')
    .requiredOption('--name <name>', 'e.g. 打击稀土违法违规行为专项行动')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day (YYYY-MM-DD)')
    .option(
      '--region <code...>',
      'province or city codes (none: nationwide); repeat or separate with commas',
      collect,
    )
    .option('--role <role...>', 'enterprise roles (none: all), e.g. mining,separation', collect)
    .option(
      '--measures <file.json>',
      'measures per list, e.g. {"grey":{"dueDays":10}} (defaults: inspection.md §7)',
    )
    .option('--description <text>', 'free text')
    .addOption(AS_OPTION())
    .action(
      async (opts: {
        name: string;
        from: string;
        to: string;
        region?: string[];
        role?: string[];
        measures?: string;
        description?: string;
        as?: string;
      }) =>
        withStore(async (store) => {
          const c = orExit(
            await createCampaign(store, await cliActor(store, opts.as), {
              name: opts.name,
              periodFrom: opts.from,
              periodTo: opts.to,
              ...(opts.region ? { regions: opts.region } : {}),
              ...(opts.role ? { roles: opts.role } : {}),
              ...(opts.measures ? { measures: readMeasures(opts.measures) } : {}),
              ...(opts.description ? { description: opts.description } : {}),
            }),
          );
          process.stdout.write(`campaign ${c.id}: ${c.name} (${c.periodFrom} → ${c.periodTo})\n`);
        }),
    );

  campaign
    .command('update <id>')
    .summary("change a campaign's name, period, scope, measures or status")
    .option('--name <name>')
    .option('--from <date>')
    .option('--to <date>')
    .option('--region <code...>', 'replaces the regions', collect)
    .option('--role <role...>', 'replaces the roles', collect)
    .option('--measures <file.json>', 'merged over the current measures')
    .option('--description <text>')
    .addOption(new Option('--status <status>').choices([...CAMPAIGN_STATUSES]))
    .addOption(AS_OPTION())
    .action(
      async (
        id: string,
        opts: {
          name?: string;
          from?: string;
          to?: string;
          region?: string[];
          role?: string[];
          measures?: string;
          description?: string;
          status?: string;
          as?: string;
        },
      ) =>
        withStore(async (store) => {
          const c = orExit(
            await updateCampaign(store, await cliActor(store, opts.as), positiveInt('campaign id')(id), {
              ...(opts.name ? { name: opts.name } : {}),
              ...(opts.from ? { periodFrom: opts.from } : {}),
              ...(opts.to ? { periodTo: opts.to } : {}),
              ...(opts.region ? { regions: opts.region } : {}),
              ...(opts.role ? { roles: opts.role } : {}),
              ...(opts.measures ? { measures: readMeasures(opts.measures) } : {}),
              ...(opts.description !== undefined ? { description: opts.description } : {}),
              ...(opts.status ? { status: opts.status } : {}),
            }),
          );
          process.stdout.write(`campaign ${c.id} updated (${c.status})\n`);
        }),
    );

  campaign
    .command('list')
    .summary('campaigns, newest first')
    .addOption(AS_OPTION())
    .option('--json', 'print JSON')
    .action(async (opts: { as?: string; json?: boolean }) =>
      withStore(async (store) => {
        const page = await listCampaignViews(store, await cliActor(store, opts.as), {
          limit: 1000,
          offset: 0,
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          return;
        }
        printTable(
          ['id', 'name', 'from', 'to', 'regions', 'status'],
          page.items.map((c) => [
            c.id,
            c.name,
            c.periodFrom,
            c.periodTo,
            c.regions.map((r) => r.code).join(',') || '全国',
            c.status,
          ]),
        );
      }),
    );

  campaign
    .command('show <id>')
    .summary('a campaign with its measures and registration progress by region')
    .addOption(
      new Option('--level <level>', 'progress by province or city')
        .choices(['province', 'city'])
        .default('province'),
    )
    .addOption(AS_OPTION())
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { level: 'province' | 'city'; as?: string; json?: boolean }) =>
      withStore(async (store) => {
        const actor = await cliActor(store, opts.as);
        const c = orExit(await loadCampaign(store, actor, positiveInt('campaign id')(id)));
        const progress = orExit(await registrationProgress(store, actor, c.id, opts.level));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ campaign: c, progress }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${c.name} (campaign ${c.id}, ${c.status})\n  ${c.periodFrom} → ${c.periodTo}; regions ${c.regions.map((r) => `${r.nameZh} ${r.code}`).join('、') || '全国 nationwide'}; roles ${c.roles.join(',') || 'all'}\n`,
        );
        for (const [list, m] of Object.entries(c.measures))
          process.stdout.write(
            `  ${list}: ${m.task ? `${m.task} within ${m.dueDays} days` : 'no task'}; ${m.measures.map((x) => x.zh).join('；')}\n`,
          );
        printTable(
          ['region', 'name', 'in scope', 'not registered', 'registered', 'verified', 'registered %'],
          [...progress.regions, progress.total].map((r) => [
            r.region ?? '',
            r.nameZh,
            r.inScope,
            r.notRegistered,
            r.registered,
            r.verified,
            pct(r.registeredShare),
          ]),
        );
      }),
    );

  campaign
    .command('registrations <id>')
    .summary('the enterprises a campaign covers, with their registration state')
    .addOption(new Option('--status <status>').choices(['not_registered', ...REGISTRATION_STATUSES]))
    .option('--region <code>', 'only enterprises within this region')
    .option('--csv <file>', 'write them as CSV')
    .addOption(AS_OPTION())
    .action(
      async (
        id: string,
        opts: {
          status?: 'not_registered' | 'registered' | 'verified';
          region?: string;
          csv?: string;
          as?: string;
        },
      ) =>
        withStore(async (store) => {
          const page = orExit(
            await listCampaignRegistrations(
              store,
              await cliActor(store, opts.as),
              positiveInt('campaign id')(id),
              {
                ...(opts.status ? { status: opts.status } : {}),
                ...(opts.region ? { region: opts.region } : {}),
                limit: 1_000_000,
                offset: 0,
              },
            ),
          );
          const rows = page.items.map((i) => [
            i.taxId,
            i.name,
            i.region ?? '',
            i.region ? regionLabel(i.region, 'zh') : '',
            i.status,
            i.registration?.openingStockKg ?? null,
            i.registration?.verifiedBy ?? '',
          ]);
          const header = [
            'tax_id',
            'name',
            'region',
            'region_name',
            'status',
            'opening_stock_kg',
            'verified_by',
          ];
          if (opts.csv) {
            writeCsvFile(opts.csv, header, rows);
            process.stdout.write(`wrote ${page.total} rows to ${opts.csv}\n`);
          } else printTable(header, rows);
        }),
    );

  campaign
    .command('register <id> <taxId>')
    .summary('register an enterprise in a campaign, or change its record (omitted fields keep their value)')
    .option('--name <name>', 'required for a taxpayer not in the registry')
    .addOption(new Option('--status <status>').choices([...REGISTRATION_STATUSES]))
    .option('--licence <kind:number[:until]>', 'a licence; repeat for several', parseLicence)
    .option('--capacity-t <tonnes>', 'annual capacity, t REO', tonnes('--capacity-t'))
    .option(
      '--stock-t <tonnes>',
      'declared opening stock, t REO (used by the mass balance)',
      tonnes('--stock-t'),
    )
    .option('--stock-date <date>', 'date of the stock declaration')
    .option('--composition <shares>', 'element composition of the stock, e.g. "Dy:5%;Tb:1%;Nd:60%"')
    .option('--contact-name <name>')
    .option('--contact-phone <phone>')
    .option('--contact-email <email>')
    .option('--address <address>')
    .option('--notes <text>')
    .addOption(AS_OPTION())
    .action(
      async (
        id: string,
        taxId: string,
        opts: {
          name?: string;
          status?: 'registered' | 'verified';
          licence?: Licence[];
          capacityT?: number;
          stockT?: number;
          stockDate?: string;
          composition?: string;
          contactName?: string;
          contactPhone?: string;
          contactEmail?: string;
          address?: string;
          notes?: string;
          as?: string;
        },
      ) =>
        withStore(async (store) => {
          let composition: RegistrationInput['openingStockComposition'];
          if (opts.composition !== undefined) {
            const c = parseCompositionText(opts.composition);
            if (!c.ok) throw new UsageError(`--composition: ${c.zh} / ${c.en}`);
            composition = c.value;
          }
          const input: RegistrationInput = {
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.licence ? { licences: opts.licence } : {}),
            ...(opts.capacityT !== undefined ? { capacityKg: opts.capacityT } : {}),
            ...(opts.stockT !== undefined ? { openingStockKg: opts.stockT } : {}),
            ...(opts.stockDate ? { openingStockDate: opts.stockDate } : {}),
            ...(composition ? { openingStockComposition: composition } : {}),
            ...(opts.contactName ? { contactName: opts.contactName } : {}),
            ...(opts.contactPhone ? { contactPhone: opts.contactPhone } : {}),
            ...(opts.contactEmail ? { contactEmail: opts.contactEmail } : {}),
            ...(opts.address ? { address: opts.address } : {}),
            ...(opts.notes ? { notes: opts.notes } : {}),
          };
          const saved = orExit(
            await upsertRegistration(
              store,
              await cliActor(store, opts.as),
              positiveInt('campaign id')(id),
              taxId,
              input,
            ),
          );
          const r = saved.registration;
          process.stdout.write(
            `${saved.action}: ${r.name} ${r.taxId} — ${r.status}${r.openingStockKg !== null ? `, opening stock ${r.openingStockKg.toLocaleString('en-US')} kg` : ''}\n`,
          );
        }),
    );

  campaign
    .command('verify <id> <taxId>')
    .summary('mark a registration verified')
    .addOption(AS_OPTION())
    .action(async (id: string, taxId: string, opts: { as?: string }) =>
      withStore(async (store) => {
        const r = orExit(
          await verifyRegistration(
            store,
            await cliActor(store, opts.as),
            positiveInt('campaign id')(id),
            taxId,
          ),
        );
        process.stdout.write(`verified: ${r.name} ${r.taxId} by ${r.verifiedBy ?? ''}\n`);
      }),
    );

  campaign
    .command('import <id> <file>')
    .summary('register enterprises from a CSV or XLSX table (all or nothing unless --skip-invalid)')
    .description(
      'Columns (Chinese or English headers): 统一社会信用代码/tax_id (required), 企业名称/name, 登记状态/status,\n' +
        '采矿许可证号/mining_licence, 许可证/licences (类别:编号[:有效期至];…), 产能(吨REO/年)/capacity_t,\n' +
        '期初库存(吨REO)/opening_stock_t, 库存日期/opening_stock_date, 库存元素构成/opening_stock_composition (Dy:5%;Tb:1%),\n' +
        '联系人/contact_name, 联系电话/contact_phone, 电子邮箱/contact_email, 地址/address, 备注/notes.\n' +
        'Exit code 3 when rows were rejected.',
    )
    .option('--skip-invalid', 'save the good rows, report the bad ones')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .option('--report <file.csv>', 'write the rejected rows here')
    .addOption(AS_OPTION())
    .action(
      async (
        id: string,
        file: string,
        opts: { skipInvalid?: boolean; sheet?: string; report?: string; as?: string },
      ) =>
        withStore(async (store) => {
          let bytes: Uint8Array;
          try {
            bytes = new Uint8Array(readFileSync(file));
          } catch {
            throw new UsageError(`cannot read ${file}`);
          }
          const r = orExit(
            await importRegistrations(store, await cliActor(store, opts.as), positiveInt('campaign id')(id), {
              bytes,
              fileName: basename(file),
              ...(opts.skipInvalid ? { skipInvalid: true } : {}),
              ...(opts.sheet ? { sheet: opts.sheet } : {}),
            }),
          );
          if (r.fatal) throw new UsageError(`${r.fatal.zh} / ${r.fatal.en}`);
          process.stdout.write(
            `${r.fileName}: ${r.status}; ${r.rowsRead} rows read, ${r.accepted} accepted (${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged), ${r.rejected} rejected\n`,
          );
          if (r.issues.length > 0) {
            const header = ['row', 'column', 'value', 'reason', 'reason_en'];
            const rows = r.issues.map((i) => [i.row, i.column ?? '', i.value ?? '', i.zh, i.en]);
            printTable(header, rows.slice(0, 50));
            if (opts.report) {
              writeCsvFile(
                opts.report,
                ['file', ...header],
                r.issues.map((i) => [i.source, i.row, i.column ?? '', i.value ?? '', i.zh, i.en]),
              );
              process.stdout.write(`  report: ${opts.report}\n`);
            }
            process.exitCode = 3;
          }
        }),
    );
}
