// The columns of every tabular import (formats.md §2–§5) with their Chinese and English headers,
// and the matching of a file's header row to them. Docs, the upload page and `--help` print
// IMPORT_COLUMNS, so this table is the one description of what a file may contain.

export type ImportKind = 'invoices' | 'enterprises' | 'quotas' | 'prices';

/** `yes`: the column must be present; `either`: one of a set must be (see `note`); `no`: optional. */
export type ColumnRequirement = 'yes' | 'either' | 'no';

export interface ImportColumn {
  /** Stable field key, also the canonical English header. */
  readonly key: string;
  /** Chinese headers accepted (the first is the canonical one). */
  readonly zh: readonly string[];
  /** English headers accepted (the first is the canonical one). */
  readonly en: readonly string[];
  readonly required: ColumnRequirement;
  readonly note: { readonly zh: string; readonly en: string };
}

function col(
  key: string,
  zh: readonly string[],
  en: readonly string[],
  required: ColumnRequirement,
  noteZh: string,
  noteEn: string,
): ImportColumn {
  return { key, zh, en: [key, ...en], required, note: { zh: noteZh, en: noteEn } };
}

const IDENTITY_ZH = '发票代码+发票号码，或数电票号码，二者必有其一';
const IDENTITY_EN = 'invoice code + number, or the e-invoice number: one of them is required';

/** Columns per import kind. Headers match after NFKC (full-width → half-width), trimming, ignoring case, spaces, `_` and `-`. */
export const IMPORT_COLUMNS: Readonly<Record<ImportKind, readonly ImportColumn[]>> = {
  invoices: [
    col(
      'invoice_code',
      ['发票代码'],
      [],
      'either',
      `${IDENTITY_ZH}；旧版10或12位，丢失的前导零会补齐`,
      `${IDENTITY_EN}; legacy 10/12 digits, lost leading zeros restored`,
    ),
    col(
      'invoice_number',
      ['发票号码'],
      [],
      'either',
      `${IDENTITY_ZH}；旧版8位；代码为空时也可填20位数电票号码`,
      `${IDENTITY_EN}; legacy 8 digits; may hold a 20-digit e-invoice number when the code is empty`,
    ),
    col(
      'e_invoice_number',
      ['数电票号码', '数电发票号码', '全电发票号码'],
      [],
      'either',
      `${IDENTITY_ZH}；20位`,
      `${IDENTITY_EN}; 20 digits`,
    ),
    col(
      'line_no',
      ['序号', '行号', '明细序号'],
      ['line_number'],
      'no',
      '缺省时按发票在文件中出现的顺序编号',
      'else the order of the line within its invoice in the file',
    ),
    col(
      'issue_date',
      ['开票日期', '开票时间'],
      ['date'],
      'yes',
      '如 2013-08-15、2013/8/15、2013年08月15日、20130815，可带时间',
      'e.g. 2013-08-15, 2013/8/15, 2013年08月15日, 20130815, optionally with a time',
    ),
    col(
      'seller_tax_id',
      ['销方识别号', '销售方纳税人识别号', '销方纳税人识别号', '销方税号'],
      [],
      'yes',
      '统一社会信用代码或15位旧税号',
      'USCC or 15-character legacy ID',
    ),
    col('seller_name', ['销方名称', '销售方名称'], [], 'yes', '', ''),
    col(
      'buyer_tax_id',
      ['购方识别号', '购买方纳税人识别号', '购方纳税人识别号', '购方税号'],
      [],
      'yes',
      '统一社会信用代码或15位旧税号',
      'USCC or 15-character legacy ID',
    ),
    col('buyer_name', ['购买方名称', '购方名称'], [], 'yes', '', ''),
    col('tax_code', ['税收分类编码', '商品和服务税收分类编码'], [], 'no', '19位', '19 digits'),
    col(
      'special_business',
      ['特定业务类型'],
      [],
      'no',
      '“稀土”表示稀土专用发票',
      '`稀土` marks a rare earth invoice',
    ),
    col(
      'item_name',
      ['货物或应税劳务名称', '货物或应税劳务、服务名称', '项目名称', '商品名称', '货物名称'],
      [],
      'yes',
      '如 *稀土冶炼分离产品*氧化镨钕，与产品目录匹配',
      'e.g. *稀土冶炼分离产品*氧化镨钕, matched to the catalogue',
    ),
    col(
      'specification',
      ['规格型号', '规格'],
      [],
      'no',
      '纯度或稀土含量，如 REO 92%',
      'purity or REO content, e.g. REO 92%',
    ),
    col('unit', ['单位', '计量单位'], [], 'yes', '吨/公斤/千克/克', 't, kg, g'),
    col('quantity', ['数量'], [], 'yes', '红字发票为负数', 'negative on red-letter invoices'),
    col('unit_price', ['单价'], [], 'yes', '不含税', 'ex-VAT'),
    col('amount', ['金额'], [], 'yes', '不含税，元', 'ex-VAT, CNY'),
    col('tax_rate', ['税率', '征收率'], [], 'yes', '如 13%、0.13、免税', 'e.g. 13%, 0.13, 免税'),
    col('tax_amount', ['税额'], [], 'yes', '元；免税行可为 ***', 'CNY; *** on exempt lines'),
    col('total_with_tax', ['价税合计'], [], 'no', '元', 'CNY'),
    col(
      'invoice_kind',
      ['发票票种', '发票种类'],
      [],
      'no',
      '增值税专用发票、增值税普通发票、数电票(增值税专用发票)…',
      'special, ordinary, fully digital …',
    ),
    col(
      'status',
      ['发票状态'],
      [],
      'no',
      '正常（缺省）、作废、已红冲、部分红冲',
      'normal (default), void, reversed, partly_reversed',
    ),
    col('is_positive', ['是否正数发票'], [], 'no', '是/否（否 = 红字）', 'yes/no (no = red-letter)'),
    col(
      'original_invoice',
      ['原发票号码', '对应蓝字发票号码', '蓝字发票号码', '原发票代码号码'],
      [],
      'no',
      '红字发票所冲的蓝字发票：代码-号码、代码 号码、代码/号码、20位数电票号码，或仅8位号码（同代码）',
      'the blue invoice a red one reverses: code-number, code number, code/number, a 20-digit number, or an 8-digit number with the same code',
    ),
    col('remark', ['备注'], [], 'no', '', ''),
  ],
  enterprises: [
    col('tax_id', ['统一社会信用代码', '纳税人识别号'], [], 'yes', '', ''),
    col('name', ['企业名称'], [], 'yes', '', ''),
    col(
      'roles',
      ['类型', '企业类型'],
      [],
      'yes',
      '开采、冶炼分离、金属冶炼、综合利用、贸易、下游应用、出口，用 ; 、 , 分隔',
      'mining, separation, metal, recycling, trading, user, export, separated by ; 、 ,',
    ),
    col(
      'region',
      ['行政区划代码', '地区'],
      [],
      'no',
      '6位代码或地名；缺省时取统一社会信用代码第3–8位',
      '6-digit code or place name; else positions 3–8 of the USCC',
    ),
    col('group', ['所属集团'], [], 'no', '', ''),
    col('mining_licence', ['采矿许可证号'], ['mining_license'], 'no', '', ''),
    col('founded', ['成立日期'], [], 'no', '', ''),
    col('deregistered', ['注销日期'], [], 'no', '', ''),
    col('opening_stock_t', ['期初库存(吨REO)', '期初库存'], [], 'no', '吨 REO', 'tonnes REO'),
  ],
  quotas: [
    col('year', ['年度'], [], 'yes', '', ''),
    col('batch', ['批次'], [], 'no', '', ''),
    col(
      'tax_id',
      ['统一社会信用代码', '纳税人识别号'],
      [],
      'either',
      '统一社会信用代码与所属集团至少有一',
      'tax_id or group: at least one',
    ),
    col(
      'group',
      ['所属集团'],
      [],
      'either',
      '统一社会信用代码与所属集团至少有一',
      'tax_id or group: at least one',
    ),
    col(
      'kind',
      ['指标类别'],
      [],
      'yes',
      '矿产品(岩矿型)、矿产品(离子型)、冶炼分离',
      'mining_rock, mining_ionic, separation',
    ),
    col('tonnes', ['指标(吨)', '指标'], [], 'yes', '吨 REO', 'tonnes REO'),
  ],
  prices: [
    col('date', ['日期'], [], 'yes', '', ''),
    col('product', ['产品', '品名'], [], 'yes', '产品目录中的名称或别名', 'a catalogue name or alias'),
    col(
      'price',
      ['价格', '均价'],
      [],
      'yes',
      '区间 270000-275000 取中值',
      'a range 270000-275000 means its midpoint',
    ),
    col('unit', ['单位'], [], 'yes', '元/吨、元/公斤', 'CNY/t, CNY/kg'),
    col('vat_included', ['含税'], [], 'no', '是（缺省）/否', 'yes (default) / no'),
    col('source', ['来源'], [], 'no', '', ''),
  ],
};

/**
 * Normalises a header for matching: NFKC (full-width → half-width), no BOM, no `*` required
 * markers, lower case, without spaces, `_` and `-`.
 * @example normalizeHeader(' 期初库存（吨REO） ') // '期初库存(吨reo)'
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\uFEFF/g, '')
    .trim()
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/** Where each contract column sits in a file. */
export interface HeaderMap {
  /** Column index per field key; -1 when absent. */
  readonly index: Readonly<Record<string, number>>;
  /** The header as written in the file per field key (for issues); the canonical Chinese header when absent. */
  readonly label: Readonly<Record<string, string>>;
  /** Columns the contract does not name: index and header as written. */
  readonly extras: readonly { readonly index: number; readonly header: string }[];
}

const ALIASES: Readonly<Record<ImportKind, ReadonlyMap<string, string>>> = (() => {
  const out = {} as Record<ImportKind, Map<string, string>>;
  for (const kind of Object.keys(IMPORT_COLUMNS) as ImportKind[]) {
    const map = new Map<string, string>();
    for (const c of IMPORT_COLUMNS[kind])
      for (const h of [...c.zh, ...c.en]) map.set(normalizeHeader(h), c.key);
    out[kind] = map;
  }
  return out;
})();

/**
 * Maps a header row to the columns of an import kind. The first column carrying a field wins;
 * later duplicates and unknown columns are extras.
 * @example mapHeader('prices', ['日期', 'Product', '价格', '单位']).index.product // 1
 */
export function mapHeader(kind: ImportKind, headers: readonly string[]): HeaderMap {
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  for (const c of IMPORT_COLUMNS[kind]) {
    index[c.key] = -1;
    label[c.key] = c.zh[0] ?? c.key;
  }
  const extras: { index: number; header: string }[] = [];
  const aliases = ALIASES[kind];
  headers.forEach((raw, i) => {
    const header = raw.replace(/\uFEFF/g, '').trim();
    const key = aliases.get(normalizeHeader(header));
    if (key !== undefined && index[key] === -1) {
      index[key] = i;
      label[key] = header;
    } else if (header !== '') {
      extras.push({ index: i, header });
    }
  });
  return { index, label, extras };
}

/** The canonical Chinese / English header of a field, for messages about absent columns. */
export function columnTitle(kind: ImportKind, key: string): string {
  const c = IMPORT_COLUMNS[kind].find((x) => x.key === key);
  return c ? `${c.zh[0] ?? key} / ${c.key}` : key;
}
