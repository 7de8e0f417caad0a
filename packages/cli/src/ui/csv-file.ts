// CSV files for people: UTF-8 with a BOM so that Excel on a Chinese system opens them correctly.
import { writeFileSync } from 'node:fs';

function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes a header and rows as a UTF-8 (BOM) CSV file. */
export function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  const text = [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n');
  writeFileSync(path, `\ufeff${text}\r\n`);
}
