// Exact decimals. Money is stored as integer fen and quantities as canonical decimal strings, so
// nothing drifts between the file and the store (architecture.md §4: floats only inside analyses).

const FULL_WIDTH_DIGITS = /[０-９．，－＋％]/g;

/** Maps full-width digits and signs (what Chinese input methods type) to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** A decimal number held exactly: value = sign × digits × 10^-scale. */
export interface ExactDecimal {
  /** Canonical text: no thousands separators, no leading `+`, no trailing fraction zeros, e.g. `-1234.5`. */
  readonly text: string;
  /** The closest double, for analyses. */
  readonly value: number;
  /** Digits after the point in `text`. */
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/**
 * Parses a decimal as people write it: thousands separators, full-width digits, a leading sign,
 * surrounding spaces. Scientific notation is refused (it is what spreadsheets make of long ids).
 * @example parseExactDecimal('1,234.50') // { text: '1234.5', value: 1234.5, scale: 1 }
 */
export function parseExactDecimal(raw: string): ExactDecimal | undefined {
  let text = toHalfWidth(raw).trim().replace(/[,\s]/g, '');
  if (text.startsWith('(') && text.endsWith(')')) text = `-${text.slice(1, -1)}`; // accounting negatives
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const negative = (m[1] ?? m[4]) === '-';
  const intPart = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fracPart = (m[3] ?? m[5] ?? '').replace(/0+$/, '');
  const isZero = /^0*$/.test(intPart) && fracPart === '';
  const canonical = `${negative && !isZero ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
  return { text: canonical, value: Number(canonical), scale: fracPart.length };
}

/**
 * Converts a decimal amount of yuan to integer fen, rounding half away from zero beyond 2 places.
 * @example yuanTextToFen('-12.345') // -1235
 */
export function yuanTextToFen(text: string): number | undefined {
  const d = parseExactDecimal(text);
  if (!d) return undefined;
  const negative = d.text.startsWith('-');
  const [intPart = '0', frac = ''] = (negative ? d.text.slice(1) : d.text).split('.');
  const padded = `${frac}000`;
  let fen = Number(intPart) * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) fen += 1;
  if (!Number.isSafeInteger(fen)) return undefined;
  return negative ? -fen : fen;
}

/**
 * Formats integer fen as a yuan decimal string with two places.
 * @example fenToYuanText(-1235) // '-12.35'
 */
export function fenToYuanText(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Milligrams per kg, fen per CNY: quantities and money as whole numbers. */
export const MG_PER_KG = 1e6;
export const FEN_PER_CNY = 100;

/**
 * kg as whole milligrams, rounding half away from zero, so that a red line's value is exactly the
 * negative of its original's. Whole numbers below 2^53 add exactly in doubles, in any order.
 * @example toMg(0.0000025) // 3; toMg(-0.0000025) // -3
 */
export function toMg(kg: number): number {
  return kg < 0 ? -Math.round(-kg * MG_PER_KG) : Math.round(kg * MG_PER_KG);
}

/**
 * CNY as whole fen, rounding half away from zero.
 * @example toFen(12.34) // 1234; toFen(-0.005) // -1
 */
export function toFen(cny: number): number {
  return cny < 0 ? -Math.round(-cny * FEN_PER_CNY) : Math.round(cny * FEN_PER_CNY);
}
