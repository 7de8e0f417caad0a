// Printable, self-contained HTML for reports (issue 7): inline CSS, no scripts, no external
// resources, so the file opens anywhere and prints the same as the PDF made from it. Text is
// Chinese, English or both ("双语"), and the fonts listed first are the Noto CJK fonts the
// project's scripts install (scripts/install-system-deps.sh), so Chinese renders in headless
// Chromium on a bare Debian machine.
import { fenToYuanText } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import { LIST_LABELS } from '../governance/list-export.ts';

export type ReportLanguage = 'zh' | 'en' | 'both';

export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['zh', 'en', 'both'];

/**
 * Escapes text for HTML content and attribute values.
 * @example esc('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A label in the report's language(s), escaped; both: Chinese, then English in a lighter span.
 * @example t('both', '企业档案', 'Enterprise dossier') // '企业档案 <span class="en">Enterprise dossier</span>'
 */
export function t(lang: ReportLanguage, zh: string, en: string): string {
  if (lang === 'zh') return esc(zh);
  if (lang === 'en') return esc(en);
  return `${esc(zh)} <span class="en">${esc(en)}</span>`;
}

/** A Chinese–English label pair, as the vocabularies (`*_LABELS`) hold them. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/**
 * A vocabulary label in the report's language(s): `t` over a label pair.
 * @example label('en', TASK_STATUS_LABELS.open) // 'open'
 */
export function label(lang: ReportLanguage, pair: Label): string {
  return t(lang, pair.zh, pair.en);
}

/** A section heading (`<h2>`). */
export function h2(lang: ReportLanguage, zh: string, en: string): string {
  return `<h2>${t(lang, zh, en)}</h2>`;
}

/** A sub-section heading (`<h3>`). */
export function h3(lang: ReportLanguage, zh: string, en: string): string {
  return `<h3>${t(lang, zh, en)}</h3>`;
}

/** Thousands separators, a fixed number of decimals. */
export function num(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** kg as tonnes to the kilogram (`1,250.500 t`). */
export function tonnes(kg: number | null | undefined): string {
  if (kg === null || kg === undefined || !Number.isFinite(kg)) return '—';
  return `${num(kg / 1000, 3)} t`;
}

/** A share as a percentage with one decimal. */
export function pct(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

/** Integer fen as yuan with separators, exact (`¥1,234,567.89`). */
export function yuan(fen: number): string {
  const text = fenToYuanText(fen);
  const negative = text.startsWith('-');
  const [int = '0', frac = '00'] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '-' : ''}¥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

export interface Cell {
  readonly html: string;
  readonly numeric?: boolean;
  readonly className?: string;
}

/** A right-aligned numeric cell (HTML already escaped), optionally with another class (`fired`). */
export function numCell(html: string, className = ''): Cell {
  return { html, numeric: true, className };
}

/** A table; cells are HTML already escaped by the caller (use esc/t/num). */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | Cell)[])[],
  empty?: string,
): string {
  if (rows.length === 0 && empty !== undefined) return `<p class="empty">${empty}</p>`;
  const head = headers.map((h) => `<th>${h}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c) =>
            typeof c === 'string'
              ? `<td>${c}</td>`
              : `<td class="${[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim()}">${c.html}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Label–value pairs as a two-column definition grid. */
export function facts(pairs: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${pairs.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export function badge(list: string, text: string): string {
  return `<span class="badge ${esc(list)}">${text}</span>`;
}

/** A list's badge; a list name the vocabulary does not know is shown as it is. */
export function listBadge(lang: ReportLanguage, list: string): string {
  const pair = LIST_LABELS[list as ListName] ?? { zh: list, en: list };
  return badge(list, label(lang, pair));
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Serif CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10pt; color: #1a1a1a; }
body { margin: 0; line-height: 1.45; }
main { max-width: 190mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #2b4c7e; color: #2b4c7e; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
.en { color: #555; font-weight: normal; font-size: 0.88em; }
.subtitle { color: #444; margin-bottom: 4mm; }
.meta { color: #666; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; margin: 1.5mm 0 3mm; font-size: 8.8pt; }
th, td { border: 0.6px solid #b9c2cf; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #eef2f7; font-weight: 600; }
tr { break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.fired { color: #a11; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: 42mm 1fr; gap: 1mm 4mm; margin: 1mm 0 3mm; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
.badge { display: inline-block; padding: 0.3mm 2.2mm; border-radius: 2mm; font-weight: 600; font-size: 9pt; border: 0.6px solid #888; }
.badge.black { background: #222; color: #fff; border-color: #222; }
.badge.grey { background: #bbb; color: #111; }
.badge.white { background: #fff; color: #111; }
.badge.unrated { background: #f4ecd0; color: #5a4a00; }
.badge .en { color: inherit; opacity: 0.75; }
.nowrap { white-space: nowrap; }
.reason { margin: 2mm 0 3mm; padding-left: 3mm; border-left: 2px solid #c33; break-inside: avoid; }
.empty { color: #777; font-style: italic; }
.small { font-size: 8pt; color: #555; }
footer { margin-top: 8mm; font-size: 8pt; color: #666; border-top: 0.6px solid #ccc; padding-top: 2mm; }
`;
/**
 * A whole report: title, the subject's name and a subtitle, the generation time and further
 * meta (HTML, each part escaped by the caller), the sections, a footer; as an HTML document
 * titled in Chinese (English when `lang` is `en`) after the subject.
 * @example reportPage('zh', { title: { zh: '企业档案', en: 'Enterprise dossier' }, name, subtitle: esc(taxId), generatedAt, meta: '', footer, sections })
 */
export function reportPage(
  lang: ReportLanguage,
  r: {
    readonly title: Label;
    readonly name: string;
    readonly subtitle: string;
    readonly generatedAt: string;
    readonly meta: string;
    readonly sections: readonly string[];
    readonly footer: Label;
  },
): string {
  const parts = [
    `<h1>${label(lang, r.title)}</h1>`,
    `<div class="subtitle"><strong>${esc(r.name)}</strong> · ${r.subtitle}</div>`,
    `<div class="meta">${t(lang, '生成时间', 'Generated')}: ${esc(r.generatedAt)}${r.meta}</div>`,
    ...r.sections,
    `<footer>${label(lang, r.footer)}</footer>`,
  ];
  return page(lang, `${lang === 'en' ? r.title.en : r.title.zh} ${r.name}`, parts.join('\n'));
}

/**
 * A whole HTML document around a report body.
 * @example page('zh', '企业档案', '<h1>…</h1>')
 */
export function page(lang: ReportLanguage, title: string, body: string): string {
  const htmlLang = lang === 'en' ? 'en' : 'zh-CN';
  return `<!DOCTYPE html>
<html lang="${htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="oresight">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}
