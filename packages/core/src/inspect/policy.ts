// The inspection policy (inspection.md): a versioned set of parameters, list rules as data and the
// measures of each list. Users copy policies/default.json, edit it and run; parsePolicy checks
// every field so that a typo is an error naming the field, never a silently ignored setting.
import { ELEMENTS, ENTERPRISE_ROLES, HEAVY_ELEMENTS, isElement, isIsoDate } from '../domain/index.ts';
import type { Element, EnterpriseRole, IsoDate } from '../domain/index.ts';
import { canonicalJson, sha256Hex } from './sha256.ts';

export type ListName = 'black' | 'grey' | 'white' | 'unrated';
/** The lists a rule can send an enterprise to (white is what remains). */
export type RuleList = 'black' | 'grey' | 'unrated';
export const LIST_NAMES: readonly ListName[] = ['black', 'grey', 'unrated', 'white'];

export const RULE_IDS = [
  'unexplained_output',
  'quota_overrun',
  'under_invoiced_purchases',
  'circular_invoicing',
  'heavy_element_unexplained',
  'unexplained_any',
  'element_unexplained_any',
  'purchase_price_gap',
  'sale_price_gap',
  'pass_through_trader',
  'illegal_share',
  'invoice_rule_breaches',
  'off_register_share',
  'short_lived_issuer',
  'few_lines',
  'low_priced_share',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

type ParamSpec =
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly default: number }
  | { readonly kind: 'elements'; readonly default: readonly Element[] };

/** Every rule with its default list and its parameters (inspection.md §6). */
export const RULE_CATALOGUE: Readonly<
  Record<RuleId, { readonly list: RuleList; readonly params: Readonly<Record<string, ParamSpec>> }>
> = {
  // black: unexplainedKg ≥ max(10,000, 0.05 × reoOutKg)
  unexplained_output: {
    list: 'black',
    params: {
      minKg: { kind: 'number', min: 0, max: Infinity, default: 10_000 },
      minShareOfSales: { kind: 'number', min: 0, max: 10, default: 0.05 },
    },
  },
  // black: quotaOverrunKg > 0.01 × separation quota
  quota_overrun: {
    list: 'black',
    params: { minShareOfQuota: { kind: 'number', min: 0, max: 10, default: 0.01 } },
  },
  // black: purchaseValueGap ≤ −0.30 with belowMarketShare ≥ 0.5
  under_invoiced_purchases: {
    list: 'black',
    params: {
      maxPurchaseValueGap: { kind: 'number', min: -1, max: 0, default: -0.3 },
      minBelowMarketShare: { kind: 'number', min: 0, max: 1, default: 0.5 },
    },
  },
  // black: member of a circular invoicing cycle carrying ≥ 50,000 REO kg
  circular_invoicing: {
    list: 'black',
    params: { minCycleKg: { kind: 'number', min: 0, max: Infinity, default: 50_000 } },
  },
  // black: a heavy element unexplained by ≥ max(500 kg, 0.2 × that element's sales)
  heavy_element_unexplained: {
    list: 'black',
    params: {
      elements: { kind: 'elements', default: HEAVY_ELEMENTS },
      minKg: { kind: 'number', min: 0, max: Infinity, default: 500 },
      minShareOfElementSales: { kind: 'number', min: 0, max: 10, default: 0.2 },
    },
  },
  // grey: unexplainedKg > 0
  unexplained_any: {
    list: 'grey',
    params: { minKg: { kind: 'number', min: 0, max: Infinity, default: 0 } },
  },
  // grey: any element unexplained > 0
  element_unexplained_any: {
    list: 'grey',
    params: {
      elements: { kind: 'elements', default: HEAVY_ELEMENTS },
      minKg: { kind: 'number', min: 0, max: Infinity, default: 0 },
    },
  },
  // grey: purchaseValueGap ≤ −0.15
  purchase_price_gap: {
    list: 'grey',
    params: { maxPurchaseValueGap: { kind: 'number', min: -1, max: 0, default: -0.15 } },
  },
  // grey: saleValueGap ≤ −0.20
  sale_price_gap: {
    list: 'grey',
    params: { maxSaleValueGap: { kind: 'number', min: -1, max: 0, default: -0.2 } },
  },
  // grey: pass-through trader (inspection.md §5; its parameters are policy parameters)
  pass_through_trader: { list: 'grey', params: {} },
  // grey: illegalShare ≥ 0.20
  illegal_share: {
    list: 'grey',
    params: { minIllegalShare: { kind: 'number', min: 0, max: 1, default: 0.2 } },
  },
  // grey: invoice-rule breaches on ≥ 5% of its lines
  invoice_rule_breaches: {
    list: 'grey',
    params: { minBreachShare: { kind: 'number', min: 0, max: 1, default: 0.05 } },
  },
  // grey: off-register share ≥ 0.20
  off_register_share: {
    list: 'grey',
    params: { minOffRegisterShare: { kind: 'number', min: 0, max: 1, default: 0.2 } },
  },
  // grey: short-lived issuer
  short_lived_issuer: { list: 'grey', params: {} },
  // unrated: fewer than 5 lines
  few_lines: {
    list: 'unrated',
    params: { minLines: { kind: 'number', min: 0, max: Infinity, default: 5 } },
  },
  // unrated: pricedShare < 0.5
  low_priced_share: {
    list: 'unrated',
    params: { minPricedShare: { kind: 'number', min: 0, max: 1, default: 0.5 } },
  },
};

export type RuleParamValue = number | readonly Element[];

export interface PolicyRule {
  readonly id: RuleId;
  readonly list: RuleList;
  readonly enabled: boolean;
  readonly params: Readonly<Record<string, RuleParamValue>>;
}

/** Recovery of REO from purchased material by role (inspection.md §3); `other` for every role not named. */
export type RecoveryTable = Readonly<Partial<Record<EnterpriseRole, number>>> & { readonly other: number };

export interface PolicyParameters {
  /** A quote is a line's reference for at most this many days (inspection.md §2). */
  readonly priceStalenessDays: number;
  /** r < 1 − priceBand counts as below market. */
  readonly priceBand: number;
  /** Median invoice price of the product and ISO week where no quote exists (marked). */
  readonly peerFallback: boolean;
  /** The fallback needs at least this many lines in the product-week. */
  readonly peerMinLines: number;
  readonly balanceAbsTolKg: number;
  readonly balanceRelTol: number;
  readonly recovery: RecoveryTable;
  /** Elements balanced one by one (inspection.md §3). */
  readonly balancedElements: readonly Element[];
  readonly elementAbsTolKg: number;
  readonly elementRelTol: number;
  /** Convergence of the flow-tracing fixed point: max change of any share between sweeps. */
  readonly tracingTolerance: number;
  /** Cap on Gauss–Seidel sweeps per strongly connected component. */
  readonly tracingMaxSweeps: number;
  /** Components up to this many enterprises are solved exactly (LU) instead of iterated. */
  readonly tracingDenseMaxNodes: number;
  readonly cycleMaxLength: number;
  readonly cycleMinKg: number;
  readonly cycleWindowDays: number;
  /** Windows start every this many days (must divide cycleWindowDays; 1 = every day). */
  readonly cycleWindowStepDays: number;
  readonly cycleMinRatio: number;
  /** Cap on distinct cycles kept (reported when hit). */
  readonly cycleMaxCount: number;
  /** Cap on search steps over all windows (reported when hit). */
  readonly cycleMaxSearchSteps: number;
  readonly passThroughVolumeTol: number;
  readonly passThroughMarginTol: number;
  readonly passThroughMaxMedianDays: number;
  readonly shortLivedFoundedDays: number;
  readonly shortLivedTopSalesShare: number;
  readonly shortLivedDeregisteredDays: number;
  /** Invoice rules apply to lines dated on or after this date (STA 2012 No. 17). */
  readonly invoiceRulesFrom: IsoDate;
  readonly invoiceMaxLines: number;
  readonly evidenceLinesPerReason: number;
}

export interface MeasureText {
  readonly zh: string;
  readonly en: string;
}

export interface Policy {
  readonly id: string;
  readonly version: string;
  readonly name: MeasureText;
  readonly parameters: PolicyParameters;
  readonly rules: readonly PolicyRule[];
  /** What each list means for the enterprise (inspection.md §7). */
  readonly measures: Readonly<Record<ListName, readonly MeasureText[]>>;
}

const DEFAULT_PARAMETERS: PolicyParameters = {
  priceStalenessDays: 14,
  priceBand: 0.2,
  peerFallback: true,
  peerMinLines: 5,
  balanceAbsTolKg: 1000,
  balanceRelTol: 0.03,
  recovery: { separation: 0.95, metal: 0.96, recycling: 0.9, other: 1 },
  balancedElements: HEAVY_ELEMENTS,
  elementAbsTolKg: 100,
  elementRelTol: 0.03,
  tracingTolerance: 1e-12,
  tracingMaxSweeps: 20_000,
  tracingDenseMaxNodes: 300,
  cycleMaxLength: 4,
  cycleMinKg: 10_000,
  cycleWindowDays: 90,
  cycleWindowStepDays: 10,
  cycleMinRatio: 0.7,
  cycleMaxCount: 10_000,
  cycleMaxSearchSteps: 20_000_000,
  passThroughVolumeTol: 0.03,
  passThroughMarginTol: 0.01,
  passThroughMaxMedianDays: 3,
  shortLivedFoundedDays: 180,
  shortLivedTopSalesShare: 0.1,
  shortLivedDeregisteredDays: 90,
  invoiceRulesFrom: '2012-06-01',
  invoiceMaxLines: 7,
  evidenceLinesPerReason: 10,
};

function defaultRule(id: RuleId): PolicyRule {
  const spec = RULE_CATALOGUE[id];
  const params: Record<string, RuleParamValue> = {};
  for (const [name, p] of Object.entries(spec.params)) params[name] = p.default;
  return { id, list: spec.list, enabled: true, params };
}

/** The default policy: every parameter of inspection.md with its default, the lists of §6, the measures of §7. */
export const DEFAULT_POLICY: Policy = {
  id: 'default',
  version: '1.0.0',
  name: { zh: '默认检查策略', en: 'Default inspection policy' },
  parameters: DEFAULT_PARAMETERS,
  rules: RULE_IDS.map(defaultRule),
  measures: {
    black: [
      { zh: '30日内现场检查', en: 'On-site inspection within 30 days' },
      { zh: '建议限制增值税专用发票领用开具', en: 'Recommend restricting special VAT invoice issuance' },
      { zh: '建议扣减下一年度开采或冶炼分离指标', en: "Recommend deducting next year's quota" },
      {
        zh: '证据显示非法开采或虚开发票的，移送公安、税务机关',
        en: 'Refer to public security / tax authorities where the evidence shows illegal mining or false invoicing',
      },
    ],
    grey: [
      {
        zh: '15日内提交购销合同、库存记录和来源凭证',
        en: 'Submit purchase contracts, stock records and source documents within 15 days',
      },
      { zh: '书面审查', en: 'Desk review' },
      { zh: '下一周期复查', en: 'Re-inspect next period' },
    ],
    white: [
      { zh: '年度例行检查', en: 'Routine annual check' },
      { zh: '简化报送', en: 'Simplified reporting' },
    ],
    unrated: [
      {
        zh: '补充采集数据：登记信息、库存申报、缺失发票',
        en: 'Collect data: registration, stock declaration, missing invoices',
      },
    ],
  },
};

/** Hashed part of a policy: everything that changes a result. */
function hashedContent(policy: Policy): unknown {
  return {
    id: policy.id,
    version: policy.version,
    parameters: policy.parameters,
    rules: policy.rules,
    measures: policy.measures,
  };
}

/**
 * Stable content hash of a policy (SHA-256 of its canonical JSON), recorded in every result so
 * that two runs can tell whether they used the same rules.
 * @example policyHash(DEFAULT_POLICY) // 'sha256:…' (64 hex digits)
 */
export function policyHash(policy: Policy): string {
  return `sha256:${sha256Hex(canonicalJson(hashedContent(policy)))}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Errors = string[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function err(errors: Errors, path: string, en: string, zh: string): void {
  errors.push(`${path}: ${en} / ${zh}`);
}

interface NumberSpec {
  min: number;
  max: number;
  integer?: boolean;
  /** The minimum itself is not allowed. */
  exclusiveMin?: boolean;
}

const NUMBER_PARAMS: Readonly<Record<string, NumberSpec>> = {
  priceStalenessDays: { min: 0, max: 3660, integer: true },
  priceBand: { min: 0, max: 1, exclusiveMin: false },
  peerMinLines: { min: 1, max: 1_000_000, integer: true },
  balanceAbsTolKg: { min: 0, max: Infinity },
  balanceRelTol: { min: 0, max: 1 },
  elementAbsTolKg: { min: 0, max: Infinity },
  elementRelTol: { min: 0, max: 1 },
  tracingTolerance: { min: 0, max: 1e-3, exclusiveMin: true },
  tracingMaxSweeps: { min: 1, max: 10_000_000, integer: true },
  tracingDenseMaxNodes: { min: 0, max: 2000, integer: true },
  cycleMaxLength: { min: 2, max: 6, integer: true },
  cycleMinKg: { min: 0, max: Infinity },
  cycleWindowDays: { min: 1, max: 3660, integer: true },
  cycleWindowStepDays: { min: 1, max: 3660, integer: true },
  cycleMinRatio: { min: 0, max: 1 },
  cycleMaxCount: { min: 1, max: 10_000_000, integer: true },
  cycleMaxSearchSteps: { min: 1, max: 1e12, integer: true },
  passThroughVolumeTol: { min: 0, max: 10 },
  passThroughMarginTol: { min: 0, max: 10 },
  passThroughMaxMedianDays: { min: 0, max: 3660 },
  shortLivedFoundedDays: { min: 0, max: 36600, integer: true },
  shortLivedTopSalesShare: { min: 0, max: 1, exclusiveMin: true },
  shortLivedDeregisteredDays: { min: 0, max: 36600, integer: true },
  // Invoices hold at most 7 lines by rule; per-invoice counts saturate at 63 (aggregate.ts).
  invoiceMaxLines: { min: 1, max: 62, integer: true },
  evidenceLinesPerReason: { min: 0, max: 1000, integer: true },
};

function readNumber(errors: Errors, path: string, v: unknown, spec: NumberSpec): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    err(errors, path, 'must be a finite number', '必须是有限数值');
    return undefined;
  }
  if (spec.integer && !Number.isInteger(v)) {
    err(errors, path, 'must be a whole number', '必须是整数');
    return undefined;
  }
  if (v < spec.min || v > spec.max || (spec.exclusiveMin && v === spec.min)) {
    const range = `${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max === Infinity ? '∞' : spec.max}]`;
    err(errors, path, `must be in ${range}, got ${v}`, `必须在 ${range} 之内，实际为 ${v}`);
    return undefined;
  }
  return v;
}

function readElements(errors: Errors, path: string, v: unknown): Element[] | undefined {
  if (!Array.isArray(v)) {
    err(errors, path, `must be a list of element symbols (${ELEMENTS.join(', ')})`, '必须是元素符号列表');
    return undefined;
  }
  const out: Element[] = [];
  for (const [i, e] of v.entries()) {
    if (typeof e !== 'string' || !isElement(e)) {
      err(errors, `${path}[${i}]`, `unknown element ${JSON.stringify(e)}`, `未知元素 ${JSON.stringify(e)}`);
      return undefined;
    }
    if (out.includes(e)) {
      err(errors, `${path}[${i}]`, `duplicate element ${e}`, `元素 ${e} 重复`);
      return undefined;
    }
    out.push(e);
  }
  return out;
}

function readText(errors: Errors, path: string, v: unknown): MeasureText | undefined {
  if (!isRecord(v) || typeof v.zh !== 'string' || typeof v.en !== 'string') {
    err(errors, path, 'must be { "zh": text, "en": text }', '必须是 { "zh": 文本, "en": 文本 }');
    return undefined;
  }
  const extra = Object.keys(v).filter((k) => k !== 'zh' && k !== 'en');
  if (extra.length > 0)
    err(errors, path, `unknown field(s) ${extra.join(', ')}`, `未知字段 ${extra.join(', ')}`);
  return { zh: v.zh, en: v.en };
}

function unknownKeys(
  errors: Errors,
  path: string,
  obj: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const k of Object.keys(obj))
    if (!known.includes(k)) err(errors, `${path}.${k}`, 'unknown field (a typo?)', '未知字段（拼写错误？）');
}

function readParameters(errors: Errors, v: unknown): PolicyParameters | undefined {
  if (!isRecord(v)) {
    err(errors, 'parameters', 'must be an object', '必须是对象');
    return undefined;
  }
  const known = Object.keys(DEFAULT_PARAMETERS);
  unknownKeys(errors, 'parameters', v, known);
  const before = errors.length;
  const out: Record<string, unknown> = {};
  for (const key of known) {
    const path = `parameters.${key}`;
    const value = v[key];
    if (value === undefined) {
      err(errors, path, 'is missing', '缺失');
      continue;
    }
    const spec = NUMBER_PARAMS[key];
    if (spec) {
      out[key] = readNumber(errors, path, value, spec);
    } else if (key === 'peerFallback') {
      if (typeof value !== 'boolean') err(errors, path, 'must be true or false', '必须是 true 或 false');
      out[key] = value;
    } else if (key === 'balancedElements') {
      out[key] = readElements(errors, path, value);
    } else if (key === 'invoiceRulesFrom') {
      if (typeof value !== 'string' || !isIsoDate(value))
        err(errors, path, 'must be a date YYYY-MM-DD', '必须是 YYYY-MM-DD 格式的日期');
      out[key] = value;
    } else if (key === 'recovery') {
      out[key] = readRecovery(errors, path, value);
    }
  }
  if (errors.length > before) return undefined;
  const p = out as unknown as PolicyParameters;
  if (p.cycleWindowDays % p.cycleWindowStepDays !== 0)
    err(
      errors,
      'parameters.cycleWindowStepDays',
      `must divide cycleWindowDays (${p.cycleWindowDays})`,
      `必须整除 cycleWindowDays (${p.cycleWindowDays})`,
    );
  return errors.length > before ? undefined : p;
}

function readRecovery(errors: Errors, path: string, v: unknown): RecoveryTable | undefined {
  if (!isRecord(v)) {
    err(errors, path, 'must be an object of role → recovery', '必须是 角色 → 回收率 的对象');
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const [k, value] of Object.entries(v)) {
    if (k !== 'other' && !(ENTERPRISE_ROLES as readonly string[]).includes(k)) {
      err(
        errors,
        `${path}.${k}`,
        `unknown role (roles: ${ENTERPRISE_ROLES.join(', ')}, other)`,
        '未知企业类型',
      );
      continue;
    }
    const n = readNumber(errors, `${path}.${k}`, value, { min: 0, max: 1, exclusiveMin: true });
    if (n !== undefined) out[k] = n;
  }
  if (out.other === undefined) {
    if (v.other === undefined) err(errors, `${path}.other`, 'is missing', '缺失');
    return undefined;
  }
  return out as RecoveryTable;
}

function readRules(errors: Errors, v: unknown): PolicyRule[] | undefined {
  if (!Array.isArray(v)) {
    err(errors, 'rules', 'must be a list of rules', '必须是规则列表');
    return undefined;
  }
  const before = errors.length;
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const [i, r] of v.entries()) {
    const path = `rules[${i}]`;
    if (!isRecord(r)) {
      err(errors, path, 'must be an object', '必须是对象');
      continue;
    }
    unknownKeys(errors, path, r, ['id', 'list', 'enabled', 'params']);
    const id = r.id;
    if (typeof id !== 'string' || !(RULE_IDS as readonly string[]).includes(id)) {
      err(
        errors,
        `${path}.id`,
        `unknown rule ${JSON.stringify(id)} (rules: ${RULE_IDS.join(', ')})`,
        '未知规则',
      );
      continue;
    }
    const ruleId = id as RuleId;
    if (seen.has(ruleId)) err(errors, `${path}.id`, `rule ${ruleId} appears twice`, `规则 ${ruleId} 重复`);
    seen.add(ruleId);
    if (r.list !== 'black' && r.list !== 'grey' && r.list !== 'unrated')
      err(
        errors,
        `${path}.list`,
        'must be "black", "grey" or "unrated"',
        '必须是 "black"、"grey" 或 "unrated"',
      );
    if (typeof r.enabled !== 'boolean')
      err(errors, `${path}.enabled`, 'must be true or false', '必须是 true 或 false');
    const specParams = RULE_CATALOGUE[ruleId].params;
    const params: Record<string, RuleParamValue> = {};
    const given = r.params ?? {};
    if (!isRecord(given)) {
      err(errors, `${path}.params`, 'must be an object', '必须是对象');
      continue;
    }
    unknownKeys(errors, `${path}.params`, given, Object.keys(specParams));
    for (const [name, spec] of Object.entries(specParams)) {
      const pPath = `${path}.params.${name}`;
      const value = given[name];
      if (value === undefined) {
        err(errors, pPath, 'is missing', '缺失');
        continue;
      }
      const parsed =
        spec.kind === 'number'
          ? readNumber(errors, pPath, value, { min: spec.min, max: spec.max })
          : readElements(errors, pPath, value);
      if (parsed !== undefined) params[name] = parsed;
    }
    rules.push({ id: ruleId, list: r.list as RuleList, enabled: r.enabled === true, params });
  }
  return errors.length > before ? undefined : rules;
}

/**
 * Reads a policy from JSON (a copy of policies/default.json, edited). Every field is checked;
 * errors name the field in English and Chinese. Rules not listed do not run.
 * @example parsePolicy(JSON.parse(text)) // { ok: true, policy } or { ok: false, errors: ['parameters.priceBand: …'] }
 */
export function parsePolicy(json: unknown): { ok: true; policy: Policy } | { ok: false; errors: string[] } {
  const errors: Errors = [];
  if (!isRecord(json)) return { ok: false, errors: ['policy: must be a JSON object / 策略必须是 JSON 对象'] };
  unknownKeys(errors, 'policy', json, [
    'id',
    'version',
    'name',
    'parameters',
    'rules',
    'measures',
    '$comment',
  ]);
  if (typeof json.id !== 'string' || json.id.trim() === '')
    err(errors, 'id', 'must be a non-empty text', '必须是非空文本');
  if (typeof json.version !== 'string' || json.version.trim() === '')
    err(errors, 'version', 'must be a non-empty text', '必须是非空文本');
  const name =
    json.name === undefined
      ? { zh: String(json.id), en: String(json.id) }
      : readText(errors, 'name', json.name);
  const parameters = readParameters(errors, json.parameters);
  const rules = readRules(errors, json.rules);
  const measures: Record<ListName, MeasureText[]> = { black: [], grey: [], white: [], unrated: [] };
  if (!isRecord(json.measures)) {
    err(
      errors,
      'measures',
      'must be an object with black, grey, white, unrated',
      '必须包含 black、grey、white、unrated',
    );
  } else {
    unknownKeys(errors, 'measures', json.measures, LIST_NAMES);
    for (const list of LIST_NAMES) {
      const items = json.measures[list];
      if (!Array.isArray(items)) {
        err(errors, `measures.${list}`, 'must be a list of { zh, en }', '必须是 { zh, en } 列表');
        continue;
      }
      for (const [i, m] of items.entries()) {
        const t = readText(errors, `measures.${list}[${i}]`, m);
        if (t) measures[list].push(t);
      }
    }
  }
  if (parameters && rules) {
    // A rule can only judge elements whose balance is computed.
    rules.forEach((rule, i) => {
      const els = rule.params.elements;
      if (!Array.isArray(els)) return;
      for (const el of els as readonly Element[])
        if (!parameters.balancedElements.includes(el))
          err(
            errors,
            `rules[${i}].params.elements`,
            `${el} is not in parameters.balancedElements`,
            `${el} 不在 parameters.balancedElements 之中`,
          );
    });
  }
  if (errors.length > 0 || !parameters || !rules || !name) return { ok: false, errors };
  return {
    ok: true,
    policy: { id: String(json.id), version: String(json.version), name, parameters, rules, measures },
  };
}
