// Lists for people (issue 7): a run's lists with overrides applied, or a frozen publication, as
// CSV (UTF-8 with BOM: opens in Excel on a Chinese system) or XLSX, in Chinese or English. Each
// row shows the computed list beside the list in force and the override's reason.
import { regionLabel, ROLE_LABELS } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import type { XlsxCell } from '@oresight/core/formats';
import { createXlsxWriter, encodeCsv } from '@oresight/core/formats';

export type ListExportFormat = 'csv' | 'xlsx';
export type ReportLang = 'zh' | 'en';

/** One row of an exported list (an effective entry or a frozen publication entry). */
export interface ListExportRow {
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly roles: readonly string[];
  readonly group: string | null;
  readonly computedList: ListName;
  readonly list: ListName;
  readonly score: number;
  readonly rules: readonly string[];
  readonly overrideReason: string | null;
  readonly overrideExpiresOn: string | null;
}

export const LIST_LABELS: Readonly<Record<ListName, { zh: string; en: string }>> = {
  black: { zh: '黑名单', en: 'Black' },
  grey: { zh: '灰名单', en: 'Grey' },
  white: { zh: '白名单', en: 'White' },
  unrated: { zh: '未评级', en: 'Unrated' },
};

const HEADERS: Readonly<Record<ReportLang, readonly string[]>> = {
  zh: [
    '统一社会信用代码',
    '企业名称',
    '行政区划代码',
    '地区',
    '企业类型',
    '所属集团',
    '计算名单',
    '最终名单',
    '是否调整',
    '调整理由',
    '调整有效期至',
    '风险分',
    '触发规则',
  ],
  en: [
    'Tax ID',
    'Name',
    'Region code',
    'Region',
    'Roles',
    'Group',
    'Computed list',
    'List',
    'Overridden',
    'Override reason',
    'Override expires',
    'Score',
    'Rules',
  ],
};

function cells(r: ListExportRow, lang: ReportLang): XlsxCell[] {
  return [
    r.taxId,
    r.name,
    r.region,
    r.region ? regionLabel(r.region, lang) : '',
    r.roles
      .map((role) => {
        const label = (ROLE_LABELS as Readonly<Record<string, { zh: string; en: string }>>)[role];
        return label ? label[lang] : role;
      })
      .join(lang === 'zh' ? '、' : '; '),
    r.group,
    LIST_LABELS[r.computedList][lang],
    LIST_LABELS[r.list][lang],
    r.list !== r.computedList || r.overrideReason !== null
      ? lang === 'zh'
        ? '是'
        : 'yes'
      : lang === 'zh'
        ? '否'
        : 'no',
    r.overrideReason,
    r.overrideExpiresOn,
    r.score,
    r.rules.join(' '),
  ];
}

/**
 * Encodes list rows as CSV or XLSX.
 * @example writeFileSync('list.xlsx', encodeListTable(rows, 'xlsx', 'zh'));
 */
export function encodeListTable(
  rows: readonly ListExportRow[],
  format: ListExportFormat,
  lang: ReportLang,
): Uint8Array {
  const header = HEADERS[lang];
  if (format === 'csv')
    return encodeCsv(
      header,
      rows.map((r) => cells(r, lang).map((c) => (c === null || c === undefined ? '' : String(c)))),
      'utf8',
    );
  const chunks: Uint8Array[] = [];
  const writer = createXlsxWriter({
    onChunk: (c) => chunks.push(c),
    sheetName: lang === 'zh' ? '名单' : 'Lists',
    columnWidths: [22, 36, 10, 22, 18, 20, 10, 10, 8, 40, 12, 8, 40],
  });
  writer.addRow(header);
  for (const r of rows) writer.addRow(cells(r, lang));
  writer.finish();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
