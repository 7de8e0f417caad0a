// Plain-text tables that line up with Chinese text (full-width characters take two columns).

function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** Prints rows under a header; numbers are right-aligned. */
export function printTable(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  out: NodeJS.WritableStream = process.stdout,
): void {
  const text = rows.map((r) =>
    r.map((c) =>
      c === null || c === undefined
        ? ''
        : typeof c === 'number'
          ? c.toLocaleString('en-US', { maximumFractionDigits: 3 })
          : String(c),
    ),
  );
  const widths = header.map((h, i) => Math.max(width(h), ...text.map((r) => width(r[i] ?? ''))));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null),
  );
  out.write(`${header.map((h, i) => pad(h, widths[i] ?? 0, numeric[i] ?? false)).join('  ')}\n`);
  for (const r of text)
    out.write(`${r.map((c, i) => pad(c, widths[i] ?? 0, numeric[i] ?? false)).join('  ')}\n`);
}
