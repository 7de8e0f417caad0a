// CSV text for people: UTF-8 with a BOM so that Excel on a Chinese system opens it correctly,
// CRLF line ends, fields quoted when needed. Cells that a spreadsheet would run as a formula
// (= + - @ at the start) are prefixed with an apostrophe (OWASP CSV injection).

function field(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV document.
 * @example toCsv(['a', 'b'], [[1, 'x,y']]) // '\ufeffa,b\r\n1,"x,y"\r\n'
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const out = [header.map(field).join(',')];
  for (const row of rows) out.push(row.map(field).join(','));
  return `\ufeff${out.join('\r\n')}\r\n`;
}
