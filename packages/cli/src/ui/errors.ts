// How the CLI ends: user errors print one clear line and exit 2; bugs print a stack and exit 1.

/** An error the user can fix (bad argument, missing file): printed without a stack trace. */
export class UsageError extends Error {}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`oresight: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (
    error instanceof Error &&
    /no such file|cannot read|ENOENT|EACCES|ECONNREFUSED|password authentication|does not exist/.test(message)
  ) {
    process.stderr.write(`oresight: ${message}\n`);
    return 2;
  }
  process.stderr.write(
    `oresight: unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}\n`,
  );
  return 1;
}
