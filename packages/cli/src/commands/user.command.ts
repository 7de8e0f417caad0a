// `oresight user add|list|passwd|set` and `oresight token create|list|revoke`: accounts and API
// tokens from the command line (issue 5). There is no default password anywhere: a password is
// given (argument or stdin) or generated, and a generated one is printed once.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Failure, Outcome, UserView } from '@oresight/app';
import {
  USER_ROLES,
  createApiToken,
  createUser,
  getUserAccount,
  listApiTokenViews,
  listUserAccounts,
  openAppStore,
  revokeApiTokenById,
  setUserPassword,
  updateUserAccount,
} from '@oresight/app';
import { UsageError } from '../ui/errors.ts';
import { printTable } from '../ui/table.ts';

/** Who did it, for the audit log: the operating-system user at the terminal. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** A failed outcome as a user error (exit code 2), in both languages. */
function orExit<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new UsageError(describe(outcome.error));
}

function describe(f: Failure): string {
  return `${f.zh} / ${f.en}`;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError('--password-stdin: no password on standard input');
  return line;
}

async function passwordFrom(opts: {
  password?: string;
  passwordStdin?: boolean;
}): Promise<string | undefined> {
  if (opts.password !== undefined && opts.passwordStdin)
    throw new UsageError('give the password either with --password or with --password-stdin, not both');
  if (opts.passwordStdin) return readStdinLine();
  return opts.password;
}

function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`${name} must be a positive whole number, got "${v}"`);
    return n;
  };
}

function printUser(u: UserView): void {
  process.stdout.write(
    `${u.username}  role ${u.role}${u.regions.length > 0 ? `  regions ${u.regions.join(',')}` : ''}${u.disabled ? '  (disabled)' : ''}\n`,
  );
}

function printSecret(label: string, secret: string): void {
  process.stdout.write(`${label}（仅显示一次 shown once）: ${secret}\n`);
}

export function registerUserCommands(program: Command): void {
  const user = program
    .command('user')
    .summary('manage users (sign-in accounts)')
    .description(
      'Users sign in to the web app and the API. Roles: admin (everything, incl. users), analyst (imports, ' +
        'inspections, policies; reads everything), inspector (reads only their regions; needs --region), viewer (reads only).',
    );

  user
    .command('add <name>')
    .summary('create a user')
    .description(
      'Creates a user. Without --password or --password-stdin a strong password is generated and printed once.\n' +
        'Regions are province (e.g. 150000) or city (e.g. 150200) codes of GB/T 2260.',
    )
    .addOption(
      new Option('--role <role>', 'admin, analyst, inspector or viewer')
        .choices([...USER_ROLES])
        .makeOptionMandatory(),
    )
    .option(
      '--region <code...>',
      'region code(s) an inspector (or viewer) is limited to; repeat or separate with commas',
      collect,
    )
    .option('--password <password>', 'the password (visible in the shell history: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(
      async (
        name: string,
        opts: { role: string; region?: string[]; password?: string; passwordStdin?: boolean },
      ) => {
        const password = await passwordFrom(opts);
        const store = await openAppStore();
        try {
          const created = orExit(
            await createUser(
              store,
              {
                username: name,
                role: opts.role,
                regions: opts.region ?? [],
                ...(password !== undefined ? { password } : {}),
              },
              cliActor(),
            ),
          );
          process.stdout.write('已创建用户 created user: ');
          printUser(created.user);
          if (created.generatedPassword) printSecret('密码 password', created.generatedPassword);
        } finally {
          await store.close();
        }
      },
    );

  user
    .command('list')
    .summary('list users')
    .option('--role <role>', 'only this role')
    .option('--json', 'print JSON')
    .action(async (opts: { role?: string; json?: boolean }) => {
      if (opts.role !== undefined && !(USER_ROLES as readonly string[]).includes(opts.role))
        throw new UsageError(`unknown role "${opts.role}": use one of ${USER_ROLES.join(', ')}`);
      const store = await openAppStore();
      try {
        const items: UserView[] = [];
        for (let offset = 0; ; offset += 500) {
          const page = await listUserAccounts(store, {
            ...(opts.role ? { role: opts.role as UserView['role'] } : {}),
            limit: 500,
            offset,
          });
          items.push(...page.items);
          if (items.length >= page.total || page.items.length === 0) break;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
          return;
        }
        printTable(
          ['用户 user', '角色 role', '辖区 regions', '状态 state', '创建 created'],
          items.map((u) => [
            u.username,
            u.role,
            u.regions.join(','),
            u.disabled ? 'disabled' : 'active',
            u.createdAt.slice(0, 19).replace('T', ' '),
          ]),
        );
        process.stdout.write(`${items.length} users\n`);
      } finally {
        await store.close();
      }
    });

  user
    .command('passwd <name>')
    .summary('set a user’s password (ends their sessions)')
    .description('Without --password or --password-stdin a strong password is generated and printed once.')
    .option(
      '--password <password>',
      'the new password (visible in the shell history: prefer --password-stdin)',
    )
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (name: string, opts: { password?: string; passwordStdin?: boolean }) => {
      const password = await passwordFrom(opts);
      const store = await openAppStore();
      try {
        const r = orExit(await setUserPassword(store, name, password, cliActor()));
        process.stdout.write(
          `已更新 ${name} 的密码，其会话已结束 / password of ${name} changed; their sessions ended\n`,
        );
        if (r.generatedPassword) printSecret('密码 password', r.generatedPassword);
      } finally {
        await store.close();
      }
    });

  user
    .command('set <name>')
    .summary('change a user’s role, regions, or disable / enable them')
    .addOption(new Option('--role <role>', 'new role').choices([...USER_ROLES]))
    .option('--region <code...>', 'new region code(s) (replace the old ones)', collect)
    .option('--disable', 'disable the account (ends its sessions)')
    .option('--enable', 'enable the account')
    .action(
      async (
        name: string,
        opts: { role?: string; region?: string[]; disable?: boolean; enable?: boolean },
      ) => {
        if (opts.disable && opts.enable) throw new UsageError('--disable and --enable contradict each other');
        if (!opts.role && !opts.region && !opts.disable && !opts.enable)
          throw new UsageError('nothing to change: give --role, --region, --disable or --enable');
        const store = await openAppStore();
        try {
          const updated = orExit(
            await updateUserAccount(
              store,
              name,
              {
                ...(opts.role ? { role: opts.role } : {}),
                ...(opts.region ? { regions: opts.region } : {}),
                ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
              },
              cliActor(),
            ),
          );
          printUser(updated);
        } finally {
          await store.close();
        }
      },
    );

  const token = program
    .command('token')
    .summary('manage API tokens for scripts')
    .description(
      'API tokens authenticate scripts: send `Authorization: Bearer <token>`. A token acts as its user.',
    );

  token
    .command('create')
    .summary('create an API token (printed once)')
    .requiredOption('--user <name>', 'the user the token acts as')
    .option('--name <label>', 'what the token is for', 'cli')
    .option('--expires-days <n>', 'expire after n days (default: never)', positiveInt('--expires-days'))
    .action(async (opts: { user: string; name: string; expiresDays?: number }) => {
      const store = await openAppStore();
      try {
        const created = orExit(
          await createApiToken(
            store,
            opts.user,
            {
              name: opts.name,
              ...(opts.expiresDays !== undefined ? { expiresInDays: opts.expiresDays } : {}),
            },
            cliActor(),
          ),
        );
        process.stdout.write(
          `已为 ${opts.user} 创建令牌 created token ${created.view.id} "${created.view.name}"${created.view.expiresAt ? `, expires ${created.view.expiresAt}` : ''}\n`,
        );
        printSecret('令牌 token', created.token);
      } finally {
        await store.close();
      }
    });

  token
    .command('list')
    .summary('list API tokens (never their secrets)')
    .option('--user <name>', 'only this user’s')
    .option('--all', 'include revoked tokens')
    .action(async (opts: { user?: string; all?: boolean }) => {
      const store = await openAppStore();
      try {
        if (opts.user && !(await getUserAccount(store, opts.user)))
          throw new UsageError(`no user "${opts.user}"`);
        const tokens = await listApiTokenViews(store, {
          ...(opts.user ? { username: opts.user } : {}),
          includeRevoked: opts.all === true,
        });
        printTable(
          ['id', '用户 user', '名称 name', '前缀 prefix', '创建 created', '最近使用 last used', '状态 state'],
          tokens.map((t) => [
            t.id,
            t.username,
            t.name,
            `${t.prefix}…`,
            t.createdAt.slice(0, 19).replace('T', ' '),
            t.lastUsedAt?.slice(0, 19).replace('T', ' ') ?? '',
            t.revokedAt
              ? 'revoked'
              : t.expiresAt && t.expiresAt < new Date().toISOString()
                ? 'expired'
                : 'active',
          ]),
        );
      } finally {
        await store.close();
      }
    });

  token
    .command('revoke <id>')
    .summary('revoke an API token')
    .action(async (id: string) => {
      const n = positiveInt('token id')(id);
      const store = await openAppStore();
      try {
        orExit(await revokeApiTokenById(store, n, cliActor()));
        process.stdout.write(`已吊销令牌 revoked token ${n}\n`);
      } finally {
        await store.close();
      }
    });
}
