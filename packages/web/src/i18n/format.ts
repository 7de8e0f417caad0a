// Numbers, quantities, shares and dates in the reader's language. Missing values show as "—".
import type { Lang } from './i18n.tsx';

const DASH = '—';

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, digits: number, minDigits = 0): Intl.NumberFormat {
  const key = `${lang}|${digits}|${minDigits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
      maximumFractionDigits: digits,
      minimumFractionDigits: minDigits,
    });
    cache.set(key, f);
  }
  return f;
}

/** A plain number with at most `digits` decimals. */
export function fmtNum(lang: Lang, v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : nf(lang, digits).format(v);
}

/** kg, whole above 100 kg, else up to 3 decimals. */
export function fmtKg(lang: Lang, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf(lang, Math.abs(v) >= 100 ? 0 : 3).format(v);
}

/** CNY with two decimals. */
export function fmtCny(lang: Lang, v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : nf(lang, 2, 2).format(v);
}

/** Integer fen as CNY. */
export function fmtFen(lang: Lang, fen: number | null | undefined): string {
  return fen === null || fen === undefined ? DASH : fmtCny(lang, fen / 100);
}

/** A share 0–1 as a percentage. */
export function fmtPct(lang: Lang, v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${nf(lang, digits).format(v * 100)}%`;
}

/** A gap (ratio − 1) as a signed percentage. */
export function fmtGap(lang: Lang, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const s = nf(lang, 1).format(v * 100);
  return `${v > 0 ? '+' : ''}${s}%`;
}

/** A price ratio (1 = at the reference). */
export function fmtRatio(lang: Lang, v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : nf(lang, 3, 3).format(v);
}

/** A signed change (+3, −2, 0). */
export function fmtDelta(lang: Lang, v: number): string {
  if (v === 0) return '±0';
  return `${v > 0 ? '+' : '−'}${nf(lang, 0).format(Math.abs(v))}`;
}

/** An ISO timestamp in local time, to the minute. */
export function fmtTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Bytes as KB/MB. */
export function fmtBytes(lang: Lang, n: number): string {
  if (n < 1024) return `${fmtNum(lang, n)} B`;
  if (n < 1024 ** 2) return `${fmtNum(lang, n / 1024, 1)} KB`;
  return `${fmtNum(lang, n / 1024 ** 2, 1)} MB`;
}
