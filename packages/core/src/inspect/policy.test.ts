import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, policyHash, RULE_IDS } from './policy.ts';
import { canonicalJson, sha256Hex } from './sha256.ts';

const defaultFile = fileURLToPath(new URL('../../../../policies/default.json', import.meta.url));
const clone = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, unknown>;

describe('the default policy', () => {
  it('is what policies/default.json says, field for field', () => {
    const parsed = parsePolicy(JSON.parse(readFileSync(defaultFile, 'utf8')));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.policy).toEqual(DEFAULT_POLICY);
      expect(policyHash(parsed.policy)).toBe(policyHash(DEFAULT_POLICY));
    }
  });

  it('carries every parameter of inspection.md with its default and every rule of §6', () => {
    expect(DEFAULT_POLICY.parameters).toMatchObject({
      priceStalenessDays: 14,
      priceBand: 0.2,
      balanceAbsTolKg: 1000,
      balanceRelTol: 0.03,
      recovery: { separation: 0.95, metal: 0.96, recycling: 0.9, other: 1 },
      elementAbsTolKg: 100,
      balancedElements: ['Dy', 'Tb', 'Eu', 'Y'],
      cycleMaxLength: 4,
      cycleMinKg: 10_000,
      cycleWindowDays: 90,
      cycleMinRatio: 0.7,
      invoiceRulesFrom: '2012-06-01',
      invoiceMaxLines: 7,
    });
    expect(DEFAULT_POLICY.rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    expect(DEFAULT_POLICY.rules.find((r) => r.id === 'unexplained_output')).toMatchObject({
      list: 'black',
      params: { minKg: 10_000, minShareOfSales: 0.05 },
    });
    expect(Object.keys(DEFAULT_POLICY.measures)).toEqual(['black', 'grey', 'white', 'unrated']);
  });
});

describe('parsePolicy', () => {
  const errorsOf = (json: unknown): string[] => {
    const r = parsePolicy(json);
    return r.ok ? [] : r.errors;
  };

  it('names every field that is wrong, in English and Chinese', () => {
    const p = clone();
    const params = p.parameters as Record<string, unknown>;
    params.priceBand = 1.5;
    params.cycleMaxLength = 3.5;
    params.priceBandd = 0.2; // a typo
    delete params.balanceRelTol;
    params.balancedElements = ['Dy', 'Xx'];
    params.recovery = { separation: 0.95, wizard: 1, other: 1 };
    const errors = errorsOf(p);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parameters\.priceBand: must be in \[0, 1\], got 1\.5 \/ 必须在/),
        expect.stringMatching(/^parameters\.cycleMaxLength: must be a whole number/),
        expect.stringMatching(/^parameters\.priceBandd: unknown field/),
        expect.stringMatching(/^parameters\.balanceRelTol: is missing/),
        expect.stringMatching(/^parameters\.balancedElements\[1\]: unknown element "Xx"/),
        expect.stringMatching(/^parameters\.recovery\.wizard: unknown role/),
      ]),
    );
  });

  it('checks rules: known ids once, lists, parameters, elements that are balanced', () => {
    const p = clone();
    const rules = p.rules as Record<string, unknown>[];
    rules.push({ id: 'no_such_rule', list: 'black', enabled: true, params: {} });
    rules.push({ ...rules[0] });
    (rules[1] as Record<string, unknown>).list = 'purple';
    (rules[0] as { params: Record<string, unknown> }).params.minKg = 'ten thousand';
    (rules[4] as { params: Record<string, unknown> }).params.elements = ['Dy', 'Nd'];
    const errors = errorsOf(p);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\[16\]\.id: unknown rule "no_such_rule"/),
        expect.stringMatching(/^rules\[17\]\.id: rule unexplained_output appears twice/),
        expect.stringMatching(/^rules\[1\]\.list: must be "black", "grey" or "unrated"/),
        expect.stringMatching(/^rules\[0\]\.params\.minKg: must be a finite number/),
      ]),
    );
    const q = clone();
    (q.rules as { params: Record<string, unknown> }[])[4]!.params.elements = ['Dy', 'Nd'];
    expect(errorsOf(q)).toEqual([
      expect.stringMatching(/^rules\[4\]\.params\.elements: Nd is not in parameters\.balancedElements/),
    ]);
  });

  it('requires the window step to divide the window', () => {
    const p = clone();
    (p.parameters as Record<string, unknown>).cycleWindowStepDays = 7;
    expect(errorsOf(p)).toEqual([
      expect.stringMatching(/^parameters\.cycleWindowStepDays: must divide cycleWindowDays \(90\)/),
    ]);
  });

  it('accepts a user’s edited copy and lets a rule move lists or switch off', () => {
    const p = clone();
    p.id = 'strict-2014';
    p.version = '2';
    const rules = p.rules as { id: string; list: string; enabled: boolean }[];
    rules.find((r) => r.id === 'pass_through_trader')!.list = 'black';
    rules.find((r) => r.id === 'few_lines')!.enabled = false;
    const r = parsePolicy(p);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.policy.rules.find((x) => x.id === 'pass_through_trader')?.list).toBe('black');
      expect(policyHash(r.policy)).not.toBe(policyHash(DEFAULT_POLICY));
    }
    expect(parsePolicy('nope')).toEqual({
      ok: false,
      errors: ['policy: must be a JSON object / 策略必须是 JSON 对象'],
    });
  });
});

describe('content hashing', () => {
  it('computes SHA-256 (FIPS 180-4 test vectors)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    // UTF-8 input and several blocks (values from node:crypto)
    expect(sha256Hex('稀土')).toBe('586a254d35872b9f15c4855073e770579c9cceccb0afde964b4f3a4290a4ef89');
    expect(sha256Hex('a'.repeat(1000))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3',
    );
  });

  it('hashes policies by content, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    const reordered = JSON.parse(canonicalJson(DEFAULT_POLICY)) as typeof DEFAULT_POLICY;
    expect(policyHash(reordered)).toBe(policyHash(DEFAULT_POLICY));
  });
});
