// What users type into forms, parsed once at the edge (house rule 3): amounts of money become
// integer fen without floating point (architecture.md §4, "Exact money"), quantities numbers,
// empty optional texts null.

/**
 * Yuan text (`1234.5`, `1,234.56`) as integer fen; undefined when it is not an amount with at
 * most two decimals.
 * @example yuanToFen('1,234.56') // 123456
 */
export function yuanToFen(text: string): number | undefined {
  const s = text.trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/**
 * A number typed into a form: empty → null, otherwise a finite number ≥ 0 or undefined (invalid).
 * @example quantity('1,250.5') // 1250.5
 */
export function quantity(text: string): number | null | undefined {
  const s = text.trim().replace(/,/g, '');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** An optional text field: trimmed, empty → null. */
export function optionalText(text: string): string | null {
  const s = text.trim();
  return s === '' ? null : s;
}

/**
 * An element composition typed as `Dy:0.05; Tb:1%` (shares of the REO, 0–1 or percentages):
 * empty → null, unreadable → undefined. Full-width separators count too. The server checks the
 * elements and the sum.
 * @example parseComposition('Pr:25%; Nd:0.75') // { Pr: 0.25, Nd: 0.75 }
 */
export function parseComposition(text: string): Record<string, number> | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  const out: Record<string, number> = {};
  for (const part of s.split(/[;,\uff0c\uff1b]/)) {
    const p = part.trim();
    if (p === '') continue;
    const m = /^([A-Z][a-z]?)\s*[:=\uff1a]\s*(\d+(?:\.\d+)?)\s*(%?)$/.exec(p);
    if (!m) return undefined;
    const value = Number(m[2]) / (m[3] ? 100 : 1);
    out[m[1] as string] = Math.round(value * 1e6) / 1e6;
  }
  return out;
}

/** A composition as it is typed: `Pr:0.25; Nd:0.75`. */
export function compositionText(c: Readonly<Record<string, number>> | null | undefined): string {
  return c
    ? Object.entries(c)
        .map(([el, share]) => `${el}:${share}`)
        .join('; ')
    : '';
}
