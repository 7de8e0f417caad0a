// Runs the real `oresight` binary in a child process against a test store, as a person would.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BIN = fileURLToPath(new URL('../bin/oresight.js', import.meta.url));
const run = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `oresight …` with the store's environment (`env()` is read at each call: stores are made in
 * beforeAll) and `input` on standard input — commands that do not read it must not wait for it.
 * @example const cli = cliFor(() => t.env); const r = await cli(['runs']); r.code // 0
 */
export function cliFor(env: () => Record<string, string>, extraEnv: Record<string, string> = {}) {
  return async (args: string[], input?: string): Promise<CliResult> => {
    const child = run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env(), ...extraEnv } });
    child.child.stdin?.end(input ?? '');
    try {
      const { stdout, stderr } = await child;
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
