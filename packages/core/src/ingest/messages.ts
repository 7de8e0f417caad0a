// The single place where ingestion's user-facing messages are written, in Chinese and English.
// Messages name the column and the value but not the row: the row travels in RowIssue.row and
// every report (CLI, web, rejects export) shows it beside the message.
import type { RowIssue } from './records.ts';

type Params = Readonly<Record<string, string | number>>;
type Message = (p: Params) => { zh: string; en: string };

function q(v: string | number | undefined): string {
  const text = String(v ?? '');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const MESSAGES: Readonly<Record<string, Message>> = {
  missing_column: (p) => ({
    zh: `缺少必需的列「${q(p.column)}」，整个文件未读取`,
    en: `Required column "${q(p.column)}" is missing; the file was not read`,
  }),
  missing_value: (p) => ({
    zh: `「${q(p.column)}」为必填项，但为空`,
    en: `"${q(p.column)}" is required but empty`,
  }),
  bad_number: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效数字`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a number`,
  }),
  negative_value: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不能为负数或零`,
    en: `"${q(p.column)}": "${q(p.value)}" must be greater than zero`,
  }),
  bad_date: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效日期（应如 2013-08-15、2013/8/15、2013年08月15日）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a date (expected e.g. 2013-08-15, 2013/8/15, 2013年08月15日)`,
  }),
  unknown_unit: (p) => ({
    zh: `「${q(p.column)}」的单位“${q(p.value)}”无法识别（可用：吨、公斤、千克、克，或 元/吨、元/公斤）`,
    en: `"${q(p.column)}": unit "${q(p.value)}" is not known (use t, kg, g, or CNY/t, CNY/kg)`,
  }),
  bad_tax_id: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是可能的纳税人识别号（应为18位统一社会信用代码或15位旧税号）`,
    en: `"${q(p.column)}": "${q(p.value)}" cannot be a taxpayer ID (18-character USCC or 15-character legacy ID expected)`,
  }),
  bad_tax_rate: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效税率（应如 13%、0.13、免税）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a tax rate (expected e.g. 13%, 0.13, 免税)`,
  }),
  bad_invoice_code: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效发票代码（应为10或12位数字）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not an invoice code (10 or 12 digits expected)`,
  }),
  bad_invoice_number: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效发票号码（应为8位数字或20位数电票号码）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not an invoice number (8 digits, or 20 for a fully digital e-invoice)`,
  }),
  bad_line_no: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效行号（应为正整数）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a line number (a positive whole number)`,
  }),
  unknown_status: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”无法识别（可用：正常、作废、已红冲、部分红冲）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a status (use normal, void, reversed, partly_reversed)`,
  }),
  bad_boolean: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”应为“是”或“否”`,
    en: `"${q(p.column)}": "${q(p.value)}" should be yes or no`,
  }),
  unknown_role: (p) => ({
    zh: `「${q(p.column)}」中的企业类型“${q(p.value)}”无法识别（可用：开采、冶炼分离、金属冶炼、综合利用、贸易、下游应用、出口）`,
    en: `"${q(p.column)}": role "${q(p.value)}" is not known (use mining, separation, metal, recycling, trading, user, export)`,
  }),
  unknown_region: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是已知的行政区划名称或6位代码`,
    en: `"${q(p.column)}": "${q(p.value)}" is neither a known place name nor a 6-digit division code`,
  }),
  unknown_product: (p) => ({
    zh: `「${q(p.column)}」的产品“${q(p.value)}”不在产品目录中`,
    en: `"${q(p.column)}": product "${q(p.value)}" is not in the catalogue`,
  }),
  unknown_quota_kind: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是指标类别（可用：矿产品(岩矿型)、矿产品(离子型)、冶炼分离）`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a quota kind (use mining_rock, mining_ionic, separation)`,
  }),
  bad_year: (p) => ({
    zh: `「${q(p.column)}」的值“${q(p.value)}”不是有效年度`,
    en: `"${q(p.column)}": "${q(p.value)}" is not a year`,
  }),
  missing_tax_id_or_group: (p) => ({
    zh: `「${q(p.column)}」至少须填写一项`,
    en: `At least one of "${q(p.column)}" must be filled in`,
  }),
  unterminated_quote: () => ({
    zh: '引号未闭合：此行直到文件结尾都在一个带引号的字段内',
    en: 'Unclosed quote: this row runs to the end of the file inside a quoted field',
  }),
  empty_file: () => ({
    zh: '文件为空或没有表头行',
    en: 'The file is empty or has no header row',
  }),
  no_lines: () => ({
    zh: '发票中没有任何明细行（IssuItemInformation）',
    en: 'The invoice has no lines (IssuItemInformation)',
  }),
  bad_encoding: (p) => ({
    zh: `文件在第 ${q(p.offset)} 字节处不是有效的 ${q(p.encoding)} 编码；请指定正确的编码（如 --encoding gb18030）`,
    en: `The file is not valid ${q(p.encoding)} at byte ${q(p.offset)}; give the right encoding (e.g. --encoding gb18030)`,
  }),
  unsupported_encoding: (p) => ({
    zh: `不支持的编码 ${q(p.encoding)}：请另存为 UTF-8 或 GBK 的 CSV`,
    en: `Unsupported encoding ${q(p.encoding)}: save the file as UTF-8 or GBK CSV`,
  }),
  bad_xlsx: (p) => ({
    zh: `无法读取 Excel 工作簿：${q(p.detail)}`,
    en: `The Excel workbook cannot be read: ${q(p.detail)}`,
  }),
  sheet_not_found: (p) => ({
    zh: `工作簿中没有名为“${q(p.sheet)}”的工作表（现有：${q(p.sheets)}）`,
    en: `The workbook has no sheet named "${q(p.sheet)}" (it has: ${q(p.sheets)})`,
  }),
  bad_xml: (p) => ({
    zh: `无法读取 XML 文件：${q(p.detail)}`,
    en: `The XML file cannot be read: ${q(p.detail)}`,
  }),
  bad_zip: (p) => ({
    zh: `无法读取压缩包：${q(p.detail)}`,
    en: `The zip archive cannot be read: ${q(p.detail)}`,
  }),
};

/**
 * The bilingual message for an issue code: the single place where ingestion words are made, so
 * the web, the CLI and the rejects export say the same thing.
 * @example describeIssue('bad_date', { column: '开票日期', value: '2013-13-01' }).en
 * // '"开票日期": "2013-13-01" is not a date (expected e.g. 2013-08-15, 2013/8/15, 2013年08月15日)'
 */
export function describeIssue(
  code: string,
  params: Readonly<Record<string, string | number>>,
): { zh: string; en: string } {
  const message = MESSAGES[code];
  if (message) return message(params);
  const detail = Object.entries(params)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(', ');
  return { zh: `${code}${detail ? `（${detail}）` : ''}`, en: `${code}${detail ? ` (${detail})` : ''}` };
}

/** The issue codes describeIssue knows (for docs and tests). */
export const ISSUE_CODES: readonly string[] = Object.keys(MESSAGES);

/**
 * Builds a RowIssue with its messages.
 * @example makeIssue('a.csv', 5, '开票日期', '2013-13-01', 'bad_date')
 */
export function makeIssue(
  source: string,
  row: number,
  column: string | null,
  value: string | null,
  code: string,
  extra: Readonly<Record<string, string | number>> = {},
): RowIssue {
  const { zh, en } = describeIssue(code, { column: column ?? '', value: value ?? '', ...extra });
  return { source, row, column, value, code, zh, en };
}
