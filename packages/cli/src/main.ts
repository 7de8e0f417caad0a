// The oresight command line: parse arguments once at the edge, call the app's use cases.
import { Command, CommanderError } from 'commander';
import { registerImportCommand } from './commands/import.command.ts';
import { registerStoreInfoCommands } from './commands/store-info.command.ts';
import { registerUserCommands } from './commands/user.command.ts';
import { registerServeCommand } from './commands/serve.command.ts';
import { registerSimulateCommands } from './commands/simulate.command.ts';
import { registerInspectCommands } from './commands/inspect.command.ts';
import { registerStartCommand } from './commands/start.command.ts';
import { registerCampaignCommands } from './commands/campaign.command.ts';
import { registerTaskCommands } from './commands/task.command.ts';
import { registerGovernanceCommands } from './commands/override.command.ts';
import { registerReportCommands } from './commands/report.command.ts';
import { registerExportCommands } from './commands/export.command.ts';
import { registerAuditCommands } from './commands/audit.command.ts';
import { registerCatalogueCommands } from './commands/catalogue.command.ts';
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
  registerCatalogueCommands(program);
  registerUserCommands(program);
  registerServeCommand(program);
  registerSimulateCommands(program);
  registerInspectCommands(program);
  registerStartCommand(program);
  registerCampaignCommands(program);
  registerTaskCommands(program);
  registerGovernanceCommands(program);
  registerReportCommands(program);
  registerExportCommands(program);
  registerAuditCommands(program);
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
