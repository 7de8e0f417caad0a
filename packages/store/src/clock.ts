/** Current time as ISO-8601 text, the one timestamp format of the store. */
export function nowIso(): string {
  return new Date().toISOString();
}
