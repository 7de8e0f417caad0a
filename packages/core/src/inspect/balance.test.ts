import { describe, expect, it } from 'vitest';
import { proRata, recoveryOf } from './balance.ts';
import { DEFAULT_POLICY } from './policy.ts';
import { inspect } from './inspect.ts';
import { builder, entry, productOf, rulesOf } from './test-kit.ts';

const recovery = DEFAULT_POLICY.parameters.recovery;

describe('recovery and pro-rata quotas', () => {
  it('takes the highest recovery over an enterprise’s roles, 1.0 for other roles', () => {
    expect(recoveryOf(['separation'], recovery)).toBe(0.95);
    expect(recoveryOf(['separation', 'metal'], recovery)).toBe(0.96);
    expect(recoveryOf(['separation', 'trading'], recovery)).toBe(1);
    expect(recoveryOf(['recycling'], recovery)).toBe(0.9);
    expect(recoveryOf([], recovery)).toBe(1);
  });

  it('spreads a yearly quota over the days of the period that fall in its year', () => {
    const q1 = { from: 15706, to: 15795 }; // 2013-01-01 … 2013-03-31: 90 days
    expect(proRata(2013, q1.from, q1.to)).toBe(90 / 365);
    expect(proRata(2012, q1.from, q1.to)).toBe(0);
    // 2012-12-01 … 2013-01-31: 31 of 366 days of 2012, 31 of 365 of 2013
    expect(proRata(2012, 15675, 15736)).toBe(31 / 366);
    expect(proRata(2013, 15675, 15736)).toBe(31 / 365);
  });
});

describe('mass balance (inspection.md §3)', () => {
  // A separation plant with 2,000 kg declared stock buys 100,000 kg REO of ionic ore and sells
  // 120,000 kg La oxide (× 0.99 = 118,800 kg REO):
  //   capacity = 2,000 + 0.95 × 100,000 = 97,000
  //   tolerance = max(1,000, 0.03 × 118,800) = 3,564
  //   unexplained = 118,800 − 97,000 − 3,564 = 18,236  ≥ max(10,000, 0.05 × 118,800) → black
  //   separation quota 100,000 for 2013: overrun 18,800 > 0.01 × 100,000 → black
  function plant(stockKg: number) {
    const b = builder();
    const m = b.addEnterprise({ taxId: 'MINE', roles: ['mining'] });
    const s = b.addEnterprise({ taxId: 'SEP', roles: ['separation'], openingStockKg: stockKg });
    b.addQuota({ year: 2013, enterprise: m, kind: 'mining_ionic', kg: 200_000 });
    b.addQuota({ year: 2013, enterprise: s, kind: 'separation', kg: 100_000 });
    b.addLine({
      invoiceKey: 'O1',
      date: '2013-02-01',
      seller: m,
      buyer: s,
      product: 'ore-lyle-oxide',
      kg: 100_000,
      amount: 1e7,
    });
    b.addLine({
      invoiceKey: 'S1',
      date: '2013-04-01',
      seller: s,
      buyer: 'U',
      product: 'oxide-la',
      kg: 60_000,
      amount: 1e6,
    });
    b.addLine({
      invoiceKey: 'S2',
      date: '2013-05-01',
      seller: s,
      buyer: 'U',
      product: 'oxide-la',
      kg: 60_000,
      amount: 1e6,
    });
    return b.build();
  }

  it('computes capacity, unexplained output and quota overrun by hand', () => {
    const r = inspect(plant(2000), DEFAULT_POLICY);
    const s = entry(r, 'SEP');
    expect(s.signals).toMatchObject({
      reoInKg: 100_000,
      reoOutKg: 118_800,
      openingStockKg: 2000,
      recovery: 0.95,
      capacityKg: 97_000,
      unexplainedKg: 18_236,
      separationQuotaKg: 100_000,
      separationSoldKg: 118_800,
      quotaOverrunKg: 18_800,
    });
    expect(s.list).toBe('black');
    expect(rulesOf(r, 'SEP')).toEqual(
      expect.arrayContaining(['unexplained_output', 'quota_overrun', 'unexplained_any']),
    );
    const reason = s.reasons.find((x) => x.rule === 'unexplained_output');
    expect(reason).toMatchObject({ value: 18_236, threshold: 10_000 });
    // evidence: the largest REO sales, then by invoice key
    expect(reason?.evidence).toEqual(['S1/1', 'S2/1']);
    // the miner sold 100,000 of a 200,000 quota: balanced
    expect(entry(r, 'MINE').signals.unexplainedKg).toBe(0);
    expect(entry(r, 'MINE').signals.capacityKg).toBe(200_000);
  });

  it('lets declared stock explain output, within the tolerance', () => {
    // stock 25,000: capacity 120,000 ≥ 118,800 → nothing unexplained; the quota overrun stays
    const r = inspect(plant(25_000), DEFAULT_POLICY);
    expect(entry(r, 'SEP').signals.unexplainedKg).toBe(0);
    expect(rulesOf(r, 'SEP')).toContain('quota_overrun');
    // stock 20,000: 118,800 − 115,000 − 3,564 = 236 → grey only (below the black threshold)
    const g = inspect(plant(20_000), DEFAULT_POLICY);
    expect(entry(g, 'SEP').signals.unexplainedKg).toBe(236);
    expect(rulesOf(g, 'SEP')).toContain('unexplained_any');
    expect(rulesOf(g, 'SEP')).not.toContain('unexplained_output');
  });

  it('applies quotas pro rata to a quarter', () => {
    const b = builder('2013-01-01', '2013-03-31');
    const m = b.addEnterprise({ taxId: 'MINE', roles: ['mining'] });
    b.addQuota({ year: 2013, enterprise: m, kind: 'mining_rock', kg: 365_000 });
    // sells 92,000: capacity 90,000, tolerance 2,760 → 0 unexplained; 95,000 → 95,000 − 90,000 − 2,850 = 2,150
    b.addLine({
      invoiceKey: 'A',
      date: '2013-02-01',
      seller: m,
      buyer: 'B',
      product: 'ore-concentrate-baiyunebo',
      kg: 95_000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'MINE').signals.miningQuotaKg).toBe(90_000);
    expect(entry(r, 'MINE').signals.unexplainedKg).toBe(2150);
  });

  it('shares a group quota among the group’s enterprises of that role by their sales of the category', () => {
    const b = builder();
    // group named by alias on the enterprises and by id on the quota: both resolve to 'southern'
    const a = b.addEnterprise({ taxId: 'A', roles: ['separation'], group: '南方稀土' });
    const c = b.addEnterprise({ taxId: 'C', roles: ['separation'], group: 'southern' });
    b.addEnterprise({ taxId: 'T', roles: ['trading'], group: 'southern' }); // not of the role
    b.addQuota({ year: 2013, group: 'southern', kind: 'separation', kg: 300_000 });
    b.addQuota({ year: 2013, group: 'unknown group', kind: 'mining_rock', kg: 1000 });
    b.addLine({
      invoiceKey: 'A1',
      date: '2013-06-01',
      seller: a,
      buyer: 'U',
      product: 'oxide-la',
      kg: 10_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'C1',
      date: '2013-06-01',
      seller: c,
      buyer: 'U',
      product: 'oxide-la',
      kg: 20_000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'A').signals.separationQuotaKg).toBe(100_000);
    expect(entry(r, 'C').signals.separationQuotaKg).toBe(200_000);
    expect(entry(r, 'T').signals.separationQuotaKg).toBe(0);
    expect(r.unassignedQuotas).toEqual([
      { year: 2013, group: 'unknown group', kind: 'mining_rock', kg: 1000 },
    ]);
  });

  it('counts quota overrun only for separation-role enterprises on separation products', () => {
    const b = builder();
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'], openingStockKg: 1e6 });
    const m = b.addEnterprise({ taxId: 'M', roles: ['metal', 'separation'], openingStockKg: 1e6 });
    b.addLine({
      invoiceKey: 'T1',
      date: '2013-06-01',
      seller: t,
      buyer: 'U',
      product: 'oxide-la',
      kg: 10_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'M1',
      date: '2013-06-01',
      seller: m,
      buyer: 'U',
      product: 'metal-la',
      kg: 10_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'M2',
      date: '2013-06-01',
      seller: m,
      buyer: 'U',
      product: 'oxide-ce',
      kg: 1000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'T').signals.quotaOverrunKg).toBe(0);
    // only the Ce oxide counts: 1,000 × 0.99 against a zero quota
    expect(entry(r, 'M').signals.quotaOverrunKg).toBe(990);
    expect(rulesOf(r, 'M')).toContain('quota_overrun');
  });
});

describe('element balance', () => {
  it('catches dysprosium sold by a plant fed only light ore', () => {
    // Buys 100,000 kg REO of Bayan Obo concentrate; sells 1,000 kg Dy oxide (990 kg REO, all Dy).
    const dyShare = productOf('ore-concentrate-baiyunebo').composition.Dy ?? 0;
    const b = builder();
    const m = b.addEnterprise({ taxId: 'MINE', roles: ['mining'] });
    const s = b.addEnterprise({ taxId: 'SEP', roles: ['separation'] });
    b.addQuota({ year: 2013, enterprise: m, kind: 'mining_rock', kg: 100_000 });
    b.addQuota({ year: 2013, enterprise: s, kind: 'separation', kg: 100_000 });
    b.addLine({
      invoiceKey: 'O1',
      date: '2013-02-01',
      seller: m,
      buyer: s,
      product: 'ore-concentrate-baiyunebo',
      kg: 100_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'D1',
      date: '2013-03-01',
      seller: s,
      buyer: 'U',
      product: 'oxide-dy',
      kg: 1000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    const dy = entry(r, 'SEP').signals.elements.Dy;
    const bought = 100_000 * dyShare; // ≈ 60 kg
    const capacity = 0.95 * bought;
    expect(dy?.soldKg).toBe(990);
    expect(dy?.boughtKg).toBeCloseTo(bought, 3);
    expect(dy?.capacityKg).toBeCloseTo(capacity, 3);
    // tolerance max(100, 0.03 × 990) = 100
    expect(dy?.unexplainedKg).toBeCloseTo(990 - capacity - 100, 3);
    // ≥ max(500, 0.2 × 990): black
    expect(rulesOf(r, 'SEP')).toContain('heavy_element_unexplained:Dy');
    expect(entry(r, 'SEP').list).toBe('black');
  });

  it('uses the declared composition of opening stock, else that of the purchases', () => {
    const b = builder();
    const s = b.addEnterprise({
      taxId: 'SEP',
      roles: ['separation'],
      openingStockKg: 10_000,
      openingStockComposition: { Dy: 0.1, Y: 0.9 },
    });
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'], openingStockKg: 10_000 });
    b.addLine({
      invoiceKey: 'D1',
      date: '2013-03-01',
      seller: s,
      buyer: 'U',
      product: 'oxide-dy',
      kg: 1000,
      amount: 1,
    });
    // T bought Y oxide (all Y) and sells Dy oxide: its stock is assumed to be like its purchases
    b.addLine({
      invoiceKey: 'Y1',
      date: '2013-03-01',
      seller: 'X',
      buyer: t,
      product: 'oxide-y',
      kg: 1000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'D2',
      date: '2013-03-02',
      seller: t,
      buyer: 'U',
      product: 'oxide-dy',
      kg: 1000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    // 10,000 × 0.1 = 1,000 kg Dy of capacity ≥ 990 sold
    expect(entry(r, 'SEP').signals.elements.Dy?.capacityKg).toBe(1000);
    expect(entry(r, 'SEP').signals.elements.Dy?.unexplainedKg).toBe(0);
    // T: Dy capacity 0, sold 990: 990 − 0 − 100 = 890
    expect(entry(r, 'T').signals.elements.Dy?.unexplainedKg).toBe(890);
    expect(entry(r, 'T').signals.elements.Y?.capacityKg).toBe(10_000 + 990);
  });

  it('gives the mining quota the element share of the ore sold, else of the quota’s ore type', () => {
    const b = builder();
    const miner = b.addEnterprise({ taxId: 'MINER', roles: ['mining'] });
    const integrated = b.addEnterprise({ taxId: 'INT', roles: ['mining', 'separation'] });
    b.addQuota({ year: 2013, enterprise: miner, kind: 'mining_ionic', kg: 100_000 });
    b.addQuota({ year: 2013, enterprise: integrated, kind: 'mining_rock', kg: 100_000 });
    b.addLine({
      invoiceKey: 'O',
      date: '2013-03-01',
      seller: miner,
      buyer: 'S',
      product: 'ore-hy-oxide',
      kg: 50_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'D',
      date: '2013-03-01',
      seller: integrated,
      buyer: 'S',
      product: 'oxide-dy',
      kg: 1000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    const hyDy = productOf('ore-hy-oxide').composition.Dy ?? 0;
    expect(entry(r, 'MINER').signals.elements.Dy?.capacityKg).toBeCloseTo(100_000 * hyDy, 3);
    expect(entry(r, 'MINER').signals.elements.Dy?.unexplainedKg).toBe(0);
    // rock-type ores of the catalogue carry almost no Dy
    const rock = ['ore-concentrate-baiyunebo', 'ore-concentrate-bastnasite'].map(
      (id) => productOf(id).composition.Dy ?? 0,
    );
    const rockDy = (rock[0]! + rock[1]!) / 2;
    expect(entry(r, 'INT').signals.elements.Dy?.capacityKg).toBeCloseTo(100_000 * rockDy, 3);
    expect(rulesOf(r, 'INT')).toContain('heavy_element_unexplained:Dy');
  });
});
