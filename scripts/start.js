// `npm start`: the one-command demo. Runs `oresight start` through the CLI entry so that the demo
// path is the same code users run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(
  process.execPath,
  [join(root, 'packages/cli/bin/oresight.js'), 'start', ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);
