import { describe, expect, it } from 'vitest';
import { diffResults } from './diff.ts';
import { DEFAULT_POLICY } from './policy.ts';
import { inspect } from './inspect.ts';
import { serializeResult } from './result.ts';
import { resultTable } from './table.ts';
import { scoreOf } from './rules.ts';
import type { FiredReason } from './rules.ts';
import { builder, entry, policyWith, rulesOf } from './test-kit.ts';

// A small market: a legal miner, a separation plant selling 30% more than it can explain, a
// trader buying under the market, a clean user with enough lines, an idle registered enterprise.
function market() {
  const b = builder();
  const mine = b.addEnterprise({ taxId: 'MINE', name: '矿山', roles: ['mining'], region: '360700' });
  const sep = b.addEnterprise({ taxId: 'SEP', name: '分离厂', roles: ['separation'] });
  const trader = b.addEnterprise({ taxId: 'TRADER', roles: ['trading'], openingStockKg: 1e6 });
  const user = b.addEnterprise({ taxId: 'USER', roles: ['user'] });
  b.addEnterprise({ taxId: 'IDLE', roles: ['user'] });
  b.addQuota({ year: 2013, enterprise: mine, kind: 'mining_ionic', kg: 200_000 });
  b.addQuota({ year: 2013, enterprise: sep, kind: 'separation', kg: 200_000 });
  // quotes: ore 100 CNY/kg ex-VAT, La oxide 20 CNY/kg ex-VAT (incl. 17% VAT)
  for (let m = 1; m <= 12; m++) {
    const date = `2013-${String(m).padStart(2, '0')}-01`;
    for (const day of ['01', '08', '15', '22']) {
      const d = `${date.slice(0, 8)}${day}`;
      b.addQuote({ product: 'ore-lyle-oxide', date: d, price: 117, unit: 'CNY/kg' });
      b.addQuote({ product: 'oxide-la', date: d, price: 23_400, unit: 'CNY/t' });
    }
  }
  for (let i = 0; i < 10; i++) {
    const date = `2013-0${1 + (i % 9)}-1${i % 10}`;
    b.addLine({
      invoiceKey: `ORE${i}`,
      date,
      seller: mine,
      buyer: sep,
      product: 'ore-lyle-oxide',
      kg: 10_000,
      amount: 1_000_000,
    });
    // SEP sells 13,000 kg REO of La oxide per ore lot: 130,000 against 95,000 of capacity
    b.addLine({
      invoiceKey: `LA${i}`,
      date,
      seller: sep,
      buyer: trader,
      product: 'oxide-la',
      kg: 13_131.31,
      amount: 13_131.31 * 10,
    });
    b.addLine({
      invoiceKey: `T${i}`,
      date,
      seller: trader,
      buyer: user,
      product: 'oxide-la',
      kg: 13_131.31,
      amount: 13_131.31 * 20,
    });
  }
  return b.build();
}

describe('lists, reasons and score (inspection.md §6)', () => {
  const result = inspect(market(), DEFAULT_POLICY);

  it('gives every enterprise of the registry or the invoices an entry', () => {
    expect(result.enterprises.map((e) => e.taxId).sort()).toEqual(['IDLE', 'MINE', 'SEP', 'TRADER', 'USER']);
    expect(result.dataset).toMatchObject({ invoiceLines: 30, enterprises: 5, fingerprint: 'test' });
  });

  it('sends each enterprise to the most severe list among its fired rules', () => {
    expect(entry(result, 'SEP').list).toBe('black');
    expect(rulesOf(result, 'SEP')).toEqual(expect.arrayContaining(['unexplained_output', 'sale_price_gap']));
    // buys at half the reference: gap −0.5 with all of it below market
    expect(entry(result, 'TRADER').signals.purchaseValueGap).toBe(-0.5);
    expect(entry(result, 'TRADER').list).toBe('black');
    expect(rulesOf(result, 'TRADER')).toEqual(
      expect.arrayContaining(['under_invoiced_purchases', 'purchase_price_gap']),
    );
    // the user buys at market price, but what it buys traces back to SEP's unexplained output
    expect(entry(result, 'USER').list).toBe('grey');
    expect(rulesOf(result, 'USER')).toEqual(['illegal_share']);
    expect(entry(result, 'MINE').list).toBe('white');
    expect(entry(result, 'MINE').reasons).toEqual([]);
    expect(entry(result, 'IDLE').list).toBe('unrated');
    expect(rulesOf(result, 'IDLE')).toEqual(['few_lines', 'low_priced_share']);
    expect(result.counts).toEqual({ black: 2, grey: 1, unrated: 1, white: 1 });
  });

  it('orders entries by list, then score', () => {
    expect(result.enterprises.map((e) => e.list)).toEqual(['black', 'black', 'grey', 'unrated', 'white']);
    const [first, second] = result.enterprises;
    expect(first!.score).toBeGreaterThanOrEqual(second!.score);
  });

  it('writes every reason in Chinese and English with value, threshold and evidence', () => {
    const reason = entry(result, 'TRADER').reasons.find((r) => r.rule === 'under_invoiced_purchases');
    expect(reason).toMatchObject({ list: 'black', value: -0.5, threshold: -0.3 });
    expect(reason?.text).toContain('购进价差 -50.0%');
    expect(reason?.textEn).toContain('Purchase value gap -50.0%');
    // purchases with the largest shortfall against the reference: all equal, so by invoice key
    expect(reason?.evidence).toEqual([
      'LA0/1',
      'LA1/1',
      'LA2/1',
      'LA3/1',
      'LA4/1',
      'LA5/1',
      'LA6/1',
      'LA7/1',
      'LA8/1',
      'LA9/1',
    ]);
    expect(result.measures.black.length).toBeGreaterThan(0);
  });

  it('scores reasons by how far past their threshold they are', () => {
    const reason = (list: 'black' | 'grey' | 'unrated', value: number | null, threshold: number | null) =>
      ({
        rule: { list },
        value,
        threshold,
        strength: value === null || threshold === null ? 0.5 : 1 - 0.5 / Math.max(1, value / threshold),
      }) as unknown as FiredReason;
    expect(scoreOf([])).toBe(0);
    expect(scoreOf([reason('black', 20_000, 10_000)])).toBe(75); // twice the threshold
    expect(scoreOf([reason('grey', null, null)])).toBe(25);
    // at the threshold (s = 0.5) and a grey reason at twice its threshold (0.5 × 0.75):
    // 100 × (1 − 0.5 × 0.625) = 68.75
    expect(scoreOf([reason('black', 10_000, 10_000), reason('grey', 0.4, 0.2)])).toBe(68.8); // 1 − 0.5 × 0.625
    expect(scoreOf([reason('unrated', 1, 5)])).toBe(0);
  });

  it('follows the policy: rules switched off or made stricter', () => {
    const lenient = inspect(
      market(),
      policyWith(
        {},
        { unexplained_output: { enabled: false }, illegal_share: { params: { minIllegalShare: 0.9 } } },
      ),
    );
    expect(rulesOf(lenient, 'SEP')).not.toContain('unexplained_output');
    expect(entry(lenient, 'USER').list).toBe('white');
    expect(lenient.policy.hash).not.toBe(result.policy.hash);
  });
});

describe('edge cases', () => {
  it('inspects an empty dataset', () => {
    const r = inspect(builder().build(), DEFAULT_POLICY);
    expect(r.enterprises).toEqual([]);
    expect(r.cycles).toEqual([]);
    expect(r.counts).toEqual({ black: 0, grey: 0, unrated: 0, white: 0 });
  });

  it('leaves voided lines and lines outside the period out, and counts them', () => {
    const b = builder('2013-01-01', '2013-01-31');
    const s = b.addEnterprise({ taxId: 'S', roles: ['trading'], openingStockKg: 1e6 });
    b.addLine({
      invoiceKey: 'V',
      date: '2013-01-05',
      seller: s,
      buyer: 'B',
      product: 'oxide-la',
      kg: 10,
      amount: 1,
      voided: true,
    });
    b.addLine({
      invoiceKey: 'IN',
      date: '2013-01-06',
      seller: s,
      buyer: 'B',
      product: 'oxide-la',
      kg: 100,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'FEE',
      date: '2013-01-06',
      seller: s,
      buyer: 'B',
      product: 'fee-processing',
      kg: 100,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'OUT',
      date: '2013-02-06',
      seller: s,
      buyer: 'B',
      product: 'oxide-la',
      kg: 100,
      amount: 1,
    });
    const dataset = b.build();
    expect(dataset.lines.count).toBe(3); // the builder keeps period lines only
    const r = inspect(dataset, DEFAULT_POLICY);
    expect(r.dataset).toMatchObject({ invoiceLines: 2, voidedLines: 1, feeLines: 1 });
    expect(entry(r, 'S').signals).toMatchObject({ reoOutKg: 99, saleLines: 2 });
    // the out-of-period line still dates the enterprise's last invoice
    expect(dataset.enterprises[0]?.lastInvoiceDay).toBe(15742);
  });

  it('spans years: quotas pro rata per year, VAT by date', () => {
    const b = builder('2018-10-01', '2019-06-30');
    const m = b.addEnterprise({ taxId: 'M', roles: ['mining'] });
    b.addQuota({ year: 2018, enterprise: m, kind: 'mining_ionic', kg: 365_000 }); // 92 days of 2018
    b.addQuota({ year: 2019, enterprise: m, kind: 'mining_ionic', kg: 365_000 }); // 181 days of 2019
    // 16% until 2019-03-31, 13% from 2019-04-01 (builder default rates): no VAT breach either side
    b.addLine({
      invoiceKey: 'A',
      date: '2019-03-31',
      seller: m,
      buyer: 'B',
      product: 'ore-hy-oxide',
      kg: 1000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'B',
      date: '2019-04-01',
      seller: m,
      buyer: 'B',
      product: 'ore-hy-oxide',
      kg: 1000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'C',
      date: '2019-04-02',
      seller: m,
      buyer: 'B',
      product: 'ore-hy-oxide',
      kg: 1000,
      amount: 1,
      taxRate: 0.16,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'M').signals.miningQuotaKg).toBe(92_000 + 181_000);
    expect(entry(r, 'M').signals.invoiceRuleBreaches.vatRate).toBe(1);
  });
});

describe('results are stable, comparable and exportable', () => {
  it('serialises the same data and policy to byte-identical JSON, without timings', () => {
    const a = serializeResult(inspect(market(), DEFAULT_POLICY));
    const b = serializeResult(inspect(market(), DEFAULT_POLICY, { now: () => 42 }));
    expect(a).toBe(b);
    expect(a).not.toContain('timings');
    const parsed = JSON.parse(a) as { schema: string; policy: { hash: string } };
    expect(parsed.schema).toBe('oresight.inspection/1');
    expect(parsed.policy.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reports stage timings and progress when asked', () => {
    let t = 0;
    const stages = new Set<string>();
    const r = inspect(market(), DEFAULT_POLICY, { now: () => (t += 1), onProgress: (s) => stages.add(s) });
    expect(r.timings?.map((x) => x.stage)).toEqual([
      'scan',
      'prices',
      'aggregate',
      'balance',
      'tracing',
      'cycles',
      'patterns',
      'rules',
      'evidence',
      'assemble',
    ]);
    expect(stages.has('aggregate')).toBe(true);
  });

  it('diffs two runs: what moved, why, and what changed in policy and data', () => {
    const before = inspect(market(), DEFAULT_POLICY);
    const after = inspect(market(), policyWith({}, { illegal_share: { params: { minIllegalShare: 0.9 } } }));
    const d = diffResults(before, after);
    expect(d.period.same).toBe(true);
    expect(d.data.same).toBe(true);
    expect(d.policy.same).toBe(false);
    expect(d.policy.parameterChanges).toEqual([]);
    expect(d.policy.ruleChanges.map((c) => c.rule)).toEqual(['illegal_share']);
    const user = d.enterprises.find((c) => c.taxId === 'USER');
    expect(user).toMatchObject({ from: 'grey', to: 'white', moved: true });
    expect(user?.reasonsDisappeared.map((r) => r.rule)).toEqual(['illegal_share']);
    expect(user?.reasonsAppeared).toEqual([]);
    expect(d.enterprises.filter((c) => c.moved).map((c) => c.taxId)).toEqual(['USER']);
    expect(diffResults(before, before).enterprises).toEqual([]);
  });

  it('shows the signal deltas behind a change in the data', () => {
    const before = inspect(market(), DEFAULT_POLICY);
    const b = builder();
    b.addEnterprise({ taxId: 'IDLE', roles: ['user'] });
    const after = inspect(b.build(), DEFAULT_POLICY);
    const d = diffResults(before, after);
    const sep = d.enterprises.find((c) => c.taxId === 'SEP');
    expect(sep).toMatchObject({ from: 'black', to: null, moved: true });
    const unexplained = sep?.reasonsDisappeared.find((r) => r.rule === 'unexplained_output');
    expect(unexplained?.signals.map((s) => s.signal)).toContain('unexplainedKg');
  });

  it('flattens the lists into a table in Chinese or English', () => {
    const r = inspect(market(), DEFAULT_POLICY);
    const zh = resultTable(r, 'zh');
    const en = resultTable(r, 'en');
    expect(zh.headers[0]).toBe('统一社会信用代码');
    expect(en.headers[0]).toBe('Taxpayer ID');
    expect(zh.rows).toHaveLength(5);
    expect(zh.rows.every((row) => row.length === zh.headers.length)).toBe(true);
    const sep = en.rows.find((row) => row[0] === 'SEP');
    expect(sep?.[6]).toBe('Black');
    expect(String(sep?.[en.headers.indexOf('Reasons')])).toContain('Unexplained output');
    expect(zh.rows.find((row) => row[0] === 'MINE')?.[2]).toBe('开采');
  });
});
