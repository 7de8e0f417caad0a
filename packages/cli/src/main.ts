// The oresight command line: parse arguments once at the edge, call the app's use cases.
import { Command, CommanderError } from 'commander';
import { registerImportCommand } from './commands/import.command.ts';
import { registerStoreInfoCommands } from './commands/store-info.command.ts';
import { exitCodeFor } from './ui/errors.ts';

export function createProgram(): Command {
  const program = new Command('oresight')
    .description(
      'oresight — invoice-led inspection of the rare earth supply chain / 稀土专用发票稽查平台\n\n' +
        'Store: an embedded SQLite file (ORESIGHT_DB, default ./data/oresight.db), or PostgreSQL when DATABASE_URL=postgres://… is set.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerImportCommand(program);
  registerStoreInfoCommands(program);
  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return exitCodeFor(error);
  }
}
