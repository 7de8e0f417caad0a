// The values of a registration record, checked once at the edge (house rule 3) whether they come
// from the API, the CLI or a row of a bulk file: licences, capacity and declared opening stock
// (kg REO, to the gram), the stock's element composition, contact details.
import type { Composition, Element } from '@oresight/core/domain';
import { ELEMENTS, ELEMENT_NAMES, dayNumberOf, isElement, parseExactDecimal } from '@oresight/core/domain';

export const REGISTRATION_STATUSES = ['registered', 'verified'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export interface Licence {
  /** e.g. 采矿许可证 / mining, 安全生产许可证, 排污许可证 */
  readonly kind: string;
  readonly number: string;
  readonly validUntil: string | null;
}

/** What a user may give for a registration; omitted fields keep their previous value. */
export interface RegistrationInput {
  readonly name?: string;
  readonly status?: RegistrationStatus;
  readonly licences?: readonly Licence[];
  readonly capacityKg?: number | null;
  readonly openingStockKg?: number | null;
  readonly openingStockDate?: string | null;
  readonly openingStockComposition?: Readonly<Record<string, number>> | null;
  readonly contactName?: string | null;
  readonly contactPhone?: string | null;
  readonly contactEmail?: string | null;
  readonly address?: string | null;
  readonly notes?: string | null;
}

/** A problem with one field, in both languages. */
export interface FieldProblem {
  readonly field: keyof RegistrationInput;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** The largest quantity accepted (kg): 10 million tonnes, far above any enterprise. */
const MAX_KG = 1e10;

/** kg rounded to the gram, as the inspection result rounds them. */
export function gramRound(kg: number): number {
  const v = Math.round(kg * 1000) / 1000;
  return v === 0 ? 0 : v;
}

/**
 * Tonnes given as text, converted to kg exactly (a decimal shift, no float multiplication):
 * `1,250.5` → 1250500. Undefined when not a number.
 * @example tonnesTextToKg('1,250.5') // 1250500
 */
export function tonnesTextToKg(text: string): number | undefined {
  const d = parseExactDecimal(text);
  if (!d) return undefined;
  const negative = d.text.startsWith('-');
  const [int = '0', frac = ''] = (negative ? d.text.slice(1) : d.text).split('.');
  const kgText = `${int}${frac.padEnd(3, '0').slice(0, 3)}${frac.length > 3 ? `.${frac.slice(3)}` : ''}`;
  const kg = gramRound(Number(kgText));
  return negative ? -kg : kg;
}

const ELEMENT_BY_NAME: ReadonlyMap<string, Element> = new Map(
  ELEMENTS.flatMap((e) => [
    [e.toLowerCase(), e],
    [ELEMENT_NAMES[e].zh, e],
    [ELEMENT_NAMES[e].en, e],
  ]),
);

/**
 * Parses an element composition written by people: `Dy:0.05;Tb:0.01`, `镝 5%，铽 1%`,
 * `Dy=5%`. Shares are fractions of the REO (0–1) or percentages with `%`; they may sum to less
 * than 1 (the rest undeclared) but not more.
 * @example parseCompositionText('Dy:5%;Tb:1%') // { ok: true, value: { Tb: 0.01, Dy: 0.05 } }
 */
export function parseCompositionText(
  text: string,
): { ok: true; value: Composition } | { ok: false; zh: string; en: string } {
  const shares: Record<string, number> = {};
  for (const raw of text.split(/[;；,，、\n]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const m = /^([A-Za-z]{1,12}|[\u4e00-\u9fff]{1,2})\s*[:：=]?\s*([0-9０-９.．]+)\s*([%％])?$/.exec(part);
    const element = m
      ? (ELEMENT_BY_NAME.get((m[1] ?? '').toLowerCase()) ?? ELEMENT_BY_NAME.get(m[1] ?? ''))
      : undefined;
    const number = m ? parseExactDecimal((m[2] ?? '').replace('．', '.')) : undefined;
    if (!m || !element || !number)
      return {
        ok: false,
        zh: `无法识别“${part}”：应为 元素:份额，如 Dy:0.05 或 镝 5%`,
        en: `Cannot read "${part}": write element:share, e.g. Dy:0.05 or Dy 5%`,
      };
    if (element in shares)
      return { ok: false, zh: `元素 ${element} 重复`, en: `Element ${element} is given twice` };
    shares[element] = m[3] ? number.value / 100 : number.value;
  }
  return checkComposition(shares);
}

/** Checks a composition object (element symbol → share); keys in the catalogue's element order. */
export function checkComposition(
  input: Readonly<Record<string, number>>,
): { ok: true; value: Composition } | { ok: false; zh: string; en: string } {
  const out: Partial<Record<Element, number>> = {};
  let total = 0;
  for (const [key, share] of Object.entries(input)) {
    if (!isElement(key))
      return { ok: false, zh: `未知元素“${key}”`, en: `Unknown element "${key}" (use La, Ce, Pr, Nd, … Y)` };
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1)
      return {
        ok: false,
        zh: `元素 ${key} 的份额须在 0 到 1 之间（或以 % 表示）`,
        en: `The share of ${key} must lie between 0 and 1 (or be a percentage with %)`,
      };
    total += share;
  }
  // Tolerance for shares rounded to four places in a declaration.
  if (total > 1 + 1e-6)
    return {
      ok: false,
      zh: `各元素份额之和为 ${+total.toFixed(6)}，超过 1`,
      en: `The shares sum to ${+total.toFixed(6)}, more than 1`,
    };
  if (total <= 0) return { ok: false, zh: '组成为空或全为零', en: 'The composition is empty or all zero' };
  for (const e of ELEMENTS) {
    const v = input[e];
    if (v !== undefined && v > 0) out[e] = v;
  }
  return { ok: true, value: out };
}

function text(
  field: keyof RegistrationInput,
  value: string | null | undefined,
  max: number,
  problems: FieldProblem[],
): string | null | undefined {
  if (value === undefined || value === null) return value;
  const t = value.normalize('NFC').trim();
  if (t.length > max)
    problems.push({
      field,
      code: 'too_long',
      zh: `「${field}」不能超过 ${max} 个字符`,
      en: `"${field}" has at most ${max} characters`,
    });
  return t === '' ? null : t;
}

function quantity(
  field: 'capacityKg' | 'openingStockKg',
  value: number | null | undefined,
  problems: FieldProblem[],
): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isFinite(value) || value < 0 || value > MAX_KG) {
    problems.push({
      field,
      code: 'bad_quantity',
      zh: `「${field}」须为 0 到 1000 万吨之间的公斤数`,
      en: `"${field}" must be a quantity in kg from 0 to 10 million tonnes`,
    });
    return undefined;
  }
  return gramRound(value);
}

/** The checked, normalised input: strings trimmed, kg to the gram, composition in element order. */
export interface CheckedRegistration {
  readonly name?: string;
  readonly status?: RegistrationStatus;
  readonly licences?: readonly Licence[];
  readonly capacityKg?: number | null;
  readonly openingStockKg?: number | null;
  readonly openingStockDate?: string | null;
  readonly openingStockComposition?: Composition | null;
  readonly contactName?: string | null;
  readonly contactPhone?: string | null;
  readonly contactEmail?: string | null;
  readonly address?: string | null;
  readonly notes?: string | null;
}

/**
 * Checks a registration input field by field.
 * @example checkRegistrationInput({ openingStockKg: -1 }).problems[0]?.code // 'bad_quantity'
 */
export function checkRegistrationInput(input: RegistrationInput): {
  value: CheckedRegistration;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const value: Record<string, unknown> = {};
  if (input.name !== undefined) {
    const name = text('name', input.name, 200, problems);
    if (!name)
      problems.push({ field: 'name', code: 'missing_value', zh: '企业名称为空', en: 'The name is empty' });
    else value.name = name;
  }
  if (input.status !== undefined) {
    if ((REGISTRATION_STATUSES as readonly string[]).includes(input.status)) value.status = input.status;
    else
      problems.push({
        field: 'status',
        code: 'bad_status',
        zh: '登记状态须为 registered（已登记）或 verified（已核实）',
        en: 'The status is registered or verified',
      });
  }
  if (input.licences !== undefined) {
    const licences: Licence[] = [];
    if (input.licences.length > 20)
      problems.push({
        field: 'licences',
        code: 'too_many',
        zh: '许可证最多 20 个',
        en: 'At most 20 licences',
      });
    for (const l of input.licences.slice(0, 20)) {
      const kind = l.kind.normalize('NFC').trim();
      const number = l.number.normalize('NFKC').trim();
      const until = l.validUntil ?? null;
      if (kind === '' || kind.length > 50 || number === '' || number.length > 100)
        problems.push({
          field: 'licences',
          code: 'bad_licence',
          zh: '许可证须有类别（≤50 字）和编号（≤100 字）',
          en: 'A licence needs a kind (≤ 50 characters) and a number (≤ 100 characters)',
        });
      else if (until !== null && dayNumberOf(until) === undefined)
        problems.push({
          field: 'licences',
          code: 'bad_date',
          zh: `许可证有效期“${until}”不是有效日期`,
          en: `Licence validity "${until}" is not a date (YYYY-MM-DD)`,
        });
      else licences.push({ kind, number, validUntil: until });
    }
    value.licences = licences;
  }
  const capacity = quantity('capacityKg', input.capacityKg, problems);
  if (capacity !== undefined) value.capacityKg = capacity;
  const stock = quantity('openingStockKg', input.openingStockKg, problems);
  if (stock !== undefined) value.openingStockKg = stock;
  if (input.openingStockDate !== undefined) {
    if (input.openingStockDate !== null && dayNumberOf(input.openingStockDate) === undefined)
      problems.push({
        field: 'openingStockDate',
        code: 'bad_date',
        zh: `库存日期“${input.openingStockDate}”不是有效日期`,
        en: `openingStockDate "${input.openingStockDate}" is not a date (YYYY-MM-DD)`,
      });
    else value.openingStockDate = input.openingStockDate;
  }
  if (input.openingStockComposition !== undefined) {
    if (input.openingStockComposition === null) value.openingStockComposition = null;
    else {
      const c = checkComposition(input.openingStockComposition);
      if (c.ok) value.openingStockComposition = c.value;
      else problems.push({ field: 'openingStockComposition', code: 'bad_composition', zh: c.zh, en: c.en });
    }
  }
  for (const [field, max] of [
    ['contactName', 100],
    ['contactPhone', 50],
    ['contactEmail', 200],
    ['address', 300],
    ['notes', 2000],
  ] as const) {
    const t = text(field, input[field], max, problems);
    if (t !== undefined) value[field] = t;
  }
  if (typeof value.contactEmail === 'string' && !/^[^\s@]+@[^\s@]+$/.test(value.contactEmail))
    problems.push({
      field: 'contactEmail',
      code: 'bad_email',
      zh: `“${value.contactEmail}”不是电子邮箱地址`,
      en: `"${value.contactEmail}" is not an e-mail address`,
    });
  return { value: value as CheckedRegistration, problems };
}
