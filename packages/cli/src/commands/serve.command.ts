// `oresight serve`: the HTTP API and the built web app on one port (issue 5).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { listUserAccounts, openAppStore } from '@oresight/app';
import { createServer } from '@oresight/server';
import { UsageError } from '../ui/errors.ts';

/** The web app as `npm run build -w packages/web` leaves it. */
const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

function portOf(text: string, from: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${from} must be a port number (0–65535), got "${text}"`);
  return port;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .summary('serve the HTTP API and the web app')
    .description(
      'Serves the API under /api (OpenAPI document at /api/openapi.json, docs at /api/docs) and the built web app at /.\n' +
        'Port: --port, else PORT, else 8080. Host: --host (default 127.0.0.1: only this machine; 0.0.0.0 for a network).\n' +
        'Sign in with a user made by `oresight user add`.',
    )
    .option('--port <port>', 'port (default: PORT or 8080)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--web-root <dir>',
      'folder of the built web app (default: packages/web/dist, or ORESIGHT_WEB_ROOT)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug', process.env.LOG_LEVEL ?? 'info')
    .action(async (opts: { port?: string; host: string; webRoot?: string; logLevel: string }) => {
      const port =
        opts.port !== undefined
          ? portOf(opts.port, '--port')
          : process.env.PORT
            ? portOf(process.env.PORT, 'PORT')
            : 8080;
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(opts.logLevel))
        throw new UsageError(`--log-level: unknown level "${opts.logLevel}"`);
      const webRoot = opts.webRoot ?? process.env.ORESIGHT_WEB_ROOT ?? DEFAULT_WEB_ROOT;
      if (opts.webRoot && !existsSync(opts.webRoot))
        throw new UsageError(`--web-root: no such folder ${opts.webRoot}`);

      const store = await openAppStore();
      let app;
      try {
        app = await createServer({ store, webRoot, logger: { level: opts.logLevel } });
        await app.listen({ port, host: opts.host });
      } catch (error) {
        await app?.close();
        await store.close();
        throw error;
      }
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
      const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actualPort}`;
      process.stdout.write(`oresight: serving ${url}  (API docs ${url}/api/docs; store ${store.location})\n`);
      if (!existsSync(webRoot)) process.stdout.write(`oresight: no web app at ${webRoot}: API only\n`);
      if ((await listUserAccounts(store, { limit: 1, offset: 0 })).total === 0)
        process.stdout.write(
          'oresight: no users yet — create one: oresight user add <name> --role admin (a password is generated and shown once)\n',
        );

      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.stdout.write(`oresight: ${signal}: stopping (waiting for running jobs)\n`);
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void (async () => {
            try {
              await app.close();
            } finally {
              await store.close();
              resolve();
            }
          })();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
