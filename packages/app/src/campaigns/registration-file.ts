// Bulk registration files (issue 7): the table a bureau fills in, as CSV (UTF-8 with or without a
// BOM, or GBK as Excel saves it on a Chinese system) or XLSX (first sheet, or a named one), with
// Chinese or English headers. Every bad cell is reported like an import's rejected row: file,
// row, column, value and the reason in Chinese and English. Registration tables are small
// (thousands of rows), so this reads whole files.
import type { IsoDate } from '@oresight/core/domain';
import { normalizeTaxId, checkTaxId, toHalfWidth } from '@oresight/core/domain';
import { XlsxFormatError, excelSerialToIsoDate, openXlsx } from '@oresight/core/formats';
import { parseDateText } from '@oresight/core/ingest';
import type { Licence, RegistrationInput, RegistrationStatus } from './registration-values.ts';
import { parseCompositionText, tonnesTextToKg } from './registration-values.ts';

/** One problem in a file, shaped like an import reject. */
export interface RegistrationRowIssue {
  readonly source: string;
  /** 1-based row as a spreadsheet shows it (the header is row 1); 0 for the whole file. */
  readonly row: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

export interface RegistrationFileRow {
  readonly row: number;
  readonly taxId: string;
  readonly input: RegistrationInput;
}

export interface ParsedRegistrationFile {
  readonly rows: readonly RegistrationFileRow[];
  readonly issues: readonly RegistrationRowIssue[];
  /** Data rows read (good and bad, blank rows not counted). */
  readonly rowsRead: number;
  /** Rows with at least one issue. */
  readonly rejectedRows: number;
  readonly fatal: RegistrationRowIssue | null;
}

type Field =
  | 'taxId'
  | 'name'
  | 'status'
  | 'miningLicence'
  | 'licences'
  | 'capacityT'
  | 'openingStockT'
  | 'openingStockDate'
  | 'composition'
  | 'contactName'
  | 'contactPhone'
  | 'contactEmail'
  | 'address'
  | 'notes';

/** Column titles (Chinese / English) and the header spellings each accepts. */
const COLUMNS: Readonly<Record<Field, { title: string; names: readonly string[] }>> = {
  taxId: {
    title: '统一社会信用代码 / tax_id',
    names: [
      '统一社会信用代码',
      '纳税人识别号',
      '税号',
      '社会信用代码',
      'tax_id',
      'taxid',
      'taxpayerid',
      'uscc',
    ],
  },
  name: {
    title: '企业名称 / name',
    names: ['企业名称', '名称', '单位名称', 'name', 'enterprise', 'enterprisename'],
  },
  status: { title: '登记状态 / status', names: ['登记状态', '状态', 'status'] },
  miningLicence: {
    title: '采矿许可证号 / mining_licence',
    names: ['采矿许可证号', '采矿许可证', 'mining_licence', 'mininglicence', 'mininglicense'],
  },
  licences: { title: '许可证 / licences', names: ['许可证', '其他许可证', '证照', 'licences', 'licenses'] },
  capacityT: {
    title: '产能(吨REO/年) / capacity_t',
    names: ['产能(吨reo/年)', '产能(吨/年)', '产能(吨)', '产能', '年产能', 'capacity_t', 'capacity'],
  },
  openingStockT: {
    title: '期初库存(吨REO) / opening_stock_t',
    names: ['期初库存(吨reo)', '期初库存(吨)', '期初库存', '申报库存', 'opening_stock_t', 'openingstock'],
  },
  openingStockDate: {
    title: '库存日期 / opening_stock_date',
    names: ['库存日期', '期初库存日期', '盘点日期', 'opening_stock_date', 'stockdate'],
  },
  composition: {
    title: '库存元素构成 / opening_stock_composition',
    names: ['库存元素构成', '库存构成', '元素构成', 'opening_stock_composition', 'composition'],
  },
  contactName: { title: '联系人 / contact_name', names: ['联系人', 'contact_name', 'contact'] },
  contactPhone: { title: '联系电话 / contact_phone', names: ['联系电话', '电话', 'contact_phone', 'phone'] },
  contactEmail: { title: '电子邮箱 / contact_email', names: ['电子邮箱', '邮箱', 'contact_email', 'email'] },
  address: { title: '地址 / address', names: ['地址', '注册地址', 'address'] },
  notes: { title: '备注 / notes', names: ['备注', 'notes', 'remark', 'remarks'] },
};

function normalizeHeaderText(h: string): string {
  return toHalfWidth(h.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

const HEADER_INDEX: ReadonlyMap<string, Field> = new Map(
  (Object.keys(COLUMNS) as Field[]).flatMap((f) =>
    COLUMNS[f].names.map((n) => [normalizeHeaderText(n), f] as const),
  ),
);

/** A header cell's field: the whole text, else any of its space-separated parts (`企业名称 name`). */
function fieldOfHeader(header: string): Field | undefined {
  const whole = HEADER_INDEX.get(normalizeHeaderText(header));
  if (whole) return whole;
  for (const part of header.trim().split(/[\s/]+/)) {
    const f = HEADER_INDEX.get(normalizeHeaderText(part));
    if (f) return f;
  }
  return undefined;
}

function issue(
  source: string,
  row: number,
  field: Field | null,
  value: string | null,
  code: string,
  zh: string,
  en: string,
): RegistrationRowIssue {
  return { source, row, column: field ? COLUMNS[field].title : null, value, code, zh, en };
}

const STATUS_WORDS: ReadonlyMap<string, RegistrationStatus> = new Map([
  ['registered', 'registered'],
  ['已登记', 'registered'],
  ['登记', 'registered'],
  ['verified', 'verified'],
  ['已核实', 'verified'],
  ['核实', 'verified'],
  ['已核查', 'verified'],
]);

/** `采矿许可证:C1500…:2016-12-31; 安全生产许可证:(蒙)FM安许证字[2012]…` */
function parseLicences(text: string): Licence[] | string {
  const out: Licence[] = [];
  for (const raw of text.split(/[;；\n]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const pieces = part.split(/[:：]/).map((p) => p.trim());
    if (pieces.length < 2 || pieces.length > 3 || !pieces[0] || !pieces[1]) return part;
    const until = pieces[2] ? parseDateText(pieces[2]) : null;
    if (until === undefined) return part;
    out.push({ kind: pieces[0], number: pieces[1], validUntil: until });
  }
  return out;
}

/** Maps the data rows of a table whose first non-blank row is the header. */
function mapTable(
  source: string,
  table: readonly { row: number; cells: readonly string[] }[],
): ParsedRegistrationFile {
  const header = table[0];
  if (!header)
    return {
      rows: [],
      issues: [],
      rowsRead: 0,
      rejectedRows: 0,
      fatal: issue(source, 0, null, null, 'empty_file', '文件为空', 'The file is empty'),
    };
  const index = new Map<Field, number>();
  header.cells.forEach((h, i) => {
    const f = fieldOfHeader(h);
    if (f && !index.has(f)) index.set(f, i);
  });
  if (!index.has('taxId'))
    return {
      rows: [],
      issues: [],
      rowsRead: 0,
      rejectedRows: 0,
      fatal: issue(
        source,
        header.row,
        'taxId',
        null,
        'missing_column',
        `缺少必需的列「${COLUMNS.taxId.title}」，整个文件未读取`,
        `Required column "${COLUMNS.taxId.title}" is missing; the file was not read`,
      ),
    };
  const rows: RegistrationFileRow[] = [];
  const issues: RegistrationRowIssue[] = [];
  const seen = new Map<string, number>();
  let rejectedRows = 0;
  let rowsRead = 0;
  for (const { row, cells } of table.slice(1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    rowsRead++;
    const mine: RegistrationRowIssue[] = [];
    const cell = (f: Field) => {
      const i = index.get(f);
      return i === undefined ? '' : (cells[i] ?? '').replace(/^\uFEFF/, '').trim();
    };
    const bad = (f: Field, value: string, code: string, zh: string, en: string) =>
      mine.push(issue(source, row, f, value === '' ? null : value, code, zh, en));

    const rawTaxId = cell('taxId');
    const taxId = normalizeTaxId(rawTaxId);
    if (rawTaxId === '')
      bad(
        'taxId',
        '',
        'missing_value',
        '统一社会信用代码为必填项，但为空',
        'The taxpayer ID is required but empty',
      );
    else if (!checkTaxId(taxId))
      bad(
        'taxId',
        rawTaxId,
        'bad_tax_id',
        `“${rawTaxId}”不是可能的纳税人识别号（应为18位统一社会信用代码或15位旧税号）`,
        `"${rawTaxId}" cannot be a taxpayer ID (18-character USCC or 15-character legacy ID expected)`,
      );
    else if (seen.has(taxId))
      bad(
        'taxId',
        rawTaxId,
        'duplicate_row',
        `该企业已在第 ${seen.get(taxId)} 行登记`,
        `This enterprise is already registered in row ${seen.get(taxId)}`,
      );
    else seen.set(taxId, row);

    const input: Record<string, unknown> = {};
    const name = cell('name');
    if (name !== '') input.name = name;
    const status = cell('status');
    if (status !== '') {
      const s = STATUS_WORDS.get(status.toLowerCase());
      if (s) input.status = s;
      else
        bad(
          'status',
          status,
          'bad_status',
          `登记状态“${status}”应为“已登记”或“已核实”`,
          `Status "${status}" should be registered or verified`,
        );
    }
    const licences: Licence[] = [];
    const mining = cell('miningLicence');
    if (mining !== '') licences.push({ kind: '采矿许可证', number: mining, validUntil: null });
    const other = cell('licences');
    if (other !== '') {
      const parsed = parseLicences(other);
      if (typeof parsed === 'string')
        bad(
          'licences',
          parsed,
          'bad_licence',
          `许可证“${parsed}”应写作 类别:编号[:有效期至]，多个用分号分隔`,
          `Licence "${parsed}" should read kind:number[:valid until], several separated by ;`,
        );
      else licences.push(...parsed);
    }
    if (mining !== '' || other !== '') input.licences = licences;
    for (const [f, key] of [
      ['capacityT', 'capacityKg'],
      ['openingStockT', 'openingStockKg'],
    ] as const) {
      const v = cell(f);
      if (v === '') continue;
      const kg = tonnesTextToKg(v);
      if (kg === undefined)
        bad(f, v, 'bad_number', `“${v}”不是有效数字（吨）`, `"${v}" is not a number (tonnes)`);
      else if (kg < 0) bad(f, v, 'negative_value', `“${v}”不能为负数`, `"${v}" must not be negative`);
      else input[key] = kg;
    }
    const date = cell('openingStockDate');
    if (date !== '') {
      const d: IsoDate | undefined = parseDateText(date);
      if (d) input.openingStockDate = d;
      else
        bad(
          'openingStockDate',
          date,
          'bad_date',
          `“${date}”不是有效日期（应如 2013-08-15、2013/8/15、2013年08月15日）`,
          `"${date}" is not a date (expected e.g. 2013-08-15, 2013/8/15, 2013年08月15日)`,
        );
    }
    const composition = cell('composition');
    if (composition !== '') {
      const c = parseCompositionText(composition);
      if (c.ok) input.openingStockComposition = c.value;
      else bad('composition', composition, 'bad_composition', c.zh, c.en);
    }
    for (const [f, key] of [
      ['contactName', 'contactName'],
      ['contactPhone', 'contactPhone'],
      ['contactEmail', 'contactEmail'],
      ['address', 'address'],
      ['notes', 'notes'],
    ] as const) {
      const v = cell(f);
      if (v !== '') input[key] = v;
    }
    if (mine.length > 0) {
      rejectedRows++;
      issues.push(...mine);
    } else rows.push({ row, taxId, input: input as RegistrationInput });
  }
  return { rows, issues, rowsRead, rejectedRows, fatal: null };
}

/** Decodes CSV bytes: a UTF-8 BOM or valid UTF-8 → UTF-8, anything else → GB18030 (⊃ GBK). */
function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields with `""`, commas and line breaks; CRLF
 * or LF); the delimiter (comma, tab or semicolon) is the most frequent one in the first line.
 * Row numbers are physical record numbers (1 = header).
 * @example csvRecords('a,b\r\n"x,1",2').map((r) => r.cells) // [['a', 'b'], ['x,1', '2']]
 */
export function csvRecords(text: string): { row: number; cells: string[] }[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => firstLine.split(d).length - 1);
  const delimiter = [',', '\t', ';'][counts.indexOf(Math.max(...counts))] ?? ',';
  const out: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let row = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(field);
    out.push({ row: row++, cells });
    cells = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      cells.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (c === '\n' || c === '\r') endRecord();
    else field += c;
    i++;
  }
  if (field !== '' || cells.length > 0) endRecord();
  return out;
}

/**
 * Reads a registration file (CSV or XLSX by content) into checked rows and row issues.
 * @example const parsed = parseRegistrationFile(bytes, { source: '登记表.xlsx' });
 */
export function parseRegistrationFile(
  bytes: Uint8Array,
  options: { source: string; sheet?: string },
): ParsedRegistrationFile {
  const source = options.source;
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) return mapTable(source, csvRecords(decodeCsv(bytes)));
  try {
    const workbook = openXlsx(bytes);
    const sheet =
      options.sheet === undefined
        ? workbook.sheetNames[0]
        : workbook.sheetNames.find((s) => s === options.sheet);
    if (sheet === undefined)
      return {
        rows: [],
        issues: [],
        rowsRead: 0,
        rejectedRows: 0,
        fatal: issue(
          source,
          0,
          null,
          options.sheet ?? null,
          'sheet_not_found',
          `找不到工作表“${options.sheet ?? ''}”（可用：${workbook.sheetNames.join('、')}）`,
          `No sheet "${options.sheet ?? ''}" (sheets: ${workbook.sheetNames.join(', ')})`,
        ),
      };
    const table: { row: number; cells: string[] }[] = [];
    workbook.readRows(sheet, (row, cells) => {
      table.push({
        row,
        cells: Array.from(cells, (c) =>
          c === undefined
            ? ''
            : c.dateFormat && c.number !== undefined
              ? (excelSerialToIsoDate(c.number, workbook.date1904) ?? c.text)
              : c.text,
        ),
      });
    });
    const first = table.findIndex((r) => r.cells.some((c) => c.trim() !== ''));
    return mapTable(source, first < 0 ? [] : table.slice(first));
  } catch (error) {
    if (error instanceof XlsxFormatError || (error instanceof Error && error.name === 'ZipFormatError'))
      return {
        rows: [],
        issues: [],
        rowsRead: 0,
        rejectedRows: 0,
        fatal: issue(
          source,
          0,
          null,
          null,
          'bad_xlsx',
          '文件不是可读的 XLSX 工作簿',
          'The file is not a readable XLSX workbook',
        ),
      };
    throw error;
  }
}
