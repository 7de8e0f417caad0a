import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.ts';
import { PairIndex, buildCsr, stronglyConnectedComponents } from './graph.ts';
import { inspect } from './inspect.ts';
import { builder, entry, policyWith, rulesOf } from './test-kit.ts';

describe('graph machinery', () => {
  it('finds strongly connected components, upstream-complete order', () => {
    // 0 → 1 → 2 → 0, 2 → 3, 3 → 4 → 3, 5 alone
    const from = Int32Array.of(0, 1, 2, 2, 3, 4);
    const to = Int32Array.of(1, 2, 0, 3, 4, 3);
    const c = stronglyConnectedComponents(buildCsr(6, from, to, 6));
    expect(c.count).toBe(3);
    expect(c.component[0]).toBe(c.component[1]);
    expect(c.component[1]).toBe(c.component[2]);
    expect(c.component[3]).toBe(c.component[4]);
    // {3,4} is reachable from {0,1,2}: completed first
    expect(c.component[3]!).toBeLessThan(c.component[0]!);
  });

  it('indexes pairs densely for small registries and by hashing for large ones', () => {
    for (const n of [10, 5000]) {
      const idx = new PairIndex(n);
      const ids: number[] = [];
      for (let i = 0; i < 3000; i++) ids.push(idx.getOrAdd(i % n, (i * 7 + 1) % n));
      for (let i = 0; i < 3000; i++) expect(idx.get(i % n, (i * 7 + 1) % n)).toBe(ids[i]);
      expect(idx.get(0, 0)).toBe(-1); // never added
      expect(idx.size).toBe(new Set(ids).size);
      expect(Math.max(...ids)).toBe(idx.size - 1);
    }
  });
});

// Traders trading Bayan Obo concentrate (REO basis: 1 kg = 1 kg REO) with 1,000,000 kg of declared
// stock each, so that balance rules stay quiet.
function traders(taxIds: string[]) {
  const b = builder();
  const idx = taxIds.map((t) => b.addEnterprise({ taxId: t, roles: ['trading'], openingStockKg: 1e6 }));
  let k = 0;
  const trade = (s: number, t: number, kg: number, date: string) =>
    b.addLine({
      invoiceKey: `C${k++}`,
      date,
      seller: idx[s]!,
      buyer: idx[t]!,
      product: 'ore-concentrate-baiyunebo',
      kg,
      amount: kg * 20,
    });
  return { b, trade };
}

describe('circular invoicing (inspection.md §5)', () => {
  it('finds a ring whose edges all carry ≥ 10,000 kg in one window within the ratio band', () => {
    const { b, trade } = traders(['X1', 'X2', 'X3', 'OUT']);
    trade(0, 1, 30_000, '2013-04-01');
    trade(1, 2, 25_000, '2013-04-20');
    trade(2, 0, 28_000, '2013-05-15');
    trade(0, 3, 90_000, '2013-05-15'); // not on a cycle
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(r.cycles).toHaveLength(1);
    const c = r.cycles[0]!;
    expect(c.members).toEqual(['X1', 'X2', 'X3']);
    expect(c.reoKg).toBe(25_000); // the smallest edge: what went all the way round
    expect(c.edges).toEqual([
      { seller: 'X1', buyer: 'X2', reoKg: 30_000 },
      { seller: 'X2', buyer: 'X3', reoKg: 25_000 },
      { seller: 'X3', buyer: 'X1', reoKg: 28_000 },
    ]);
    expect(c.evidence).toEqual(['C0/1', 'C1/1', 'C2/1']);
    // the window contains all three dates
    expect(c.windowStart <= '2013-04-01' && c.windowEnd >= '2013-05-15').toBe(true);
    expect(entry(r, 'X1').signals.cycleCount).toBe(1);
    expect(entry(r, 'X1').signals.cycleMaxReoKg).toBe(25_000);
    // below the 50,000 kg black threshold
    expect(rulesOf(r, 'X1')).not.toContain('circular_invoicing');
  });

  it('makes members of a ring carrying ≥ 50,000 kg black, with the ring’s lines as evidence', () => {
    const { b, trade } = traders(['X1', 'X2', 'X3', 'X4']);
    trade(0, 1, 60_000, '2013-07-01');
    trade(1, 2, 60_000, '2013-07-02');
    trade(2, 3, 60_000, '2013-07-03');
    trade(3, 0, 60_000, '2013-07-04');
    const r = inspect(b.build(), DEFAULT_POLICY);
    for (const id of ['X1', 'X2', 'X3', 'X4']) {
      expect(entry(r, id).list).toBe('black');
      const reason = entry(r, id).reasons.find((x) => x.rule === 'circular_invoicing');
      expect(reason?.value).toBe(60_000);
      expect(reason?.evidence).toEqual(['C0/1', 'C1/1', 'C2/1', 'C3/1']);
    }
  });

  it('rejects rings outside the ratio band, below the volume or spread beyond the window', () => {
    const ratio = traders(['X1', 'X2', 'X3']);
    ratio.trade(0, 1, 30_000, '2013-04-01');
    ratio.trade(1, 2, 20_000, '2013-04-02'); // 20/30 < 0.7
    ratio.trade(2, 0, 30_000, '2013-04-03');
    expect(inspect(ratio.b.build(), DEFAULT_POLICY).cycles).toHaveLength(0);

    const small = traders(['X1', 'X2', 'X3']);
    small.trade(0, 1, 9_000, '2013-04-01');
    small.trade(1, 2, 9_000, '2013-04-02');
    small.trade(2, 0, 9_000, '2013-04-03');
    expect(inspect(small.b.build(), DEFAULT_POLICY).cycles).toHaveLength(0);

    const spread = traders(['X1', 'X2', 'X3']);
    spread.trade(0, 1, 30_000, '2013-02-01');
    spread.trade(1, 2, 30_000, '2013-02-02');
    spread.trade(2, 0, 30_000, '2013-10-01'); // no 90-day window holds all three
    expect(inspect(spread.b.build(), DEFAULT_POLICY).cycles).toHaveLength(0);
  });

  it('sums an edge within the window, red lines included', () => {
    const { b, trade } = traders(['X1', 'X2']);
    trade(0, 1, 6_000, '2013-04-01');
    trade(0, 1, 6_000, '2013-04-10'); // 12,000 together
    trade(1, 0, 11_000, '2013-04-11');
    expect(inspect(b.build(), DEFAULT_POLICY).cycles.map((c) => c.reoKg)).toEqual([11_000]);
    trade(0, 1, -3_000, '2013-04-12'); // a red line: 9,000 left
    expect(inspect(b.build(), DEFAULT_POLICY).cycles).toHaveLength(0);
  });

  it('limits the length to cycleMaxLength', () => {
    const { b, trade } = traders(['X1', 'X2', 'X3', 'X4', 'X5']);
    for (let i = 0; i < 5; i++) trade(i, (i + 1) % 5, 20_000, `2013-06-0${i + 1}`);
    expect(inspect(b.build(), DEFAULT_POLICY).cycles).toHaveLength(0);
    const five = inspect(b.build(), policyWith({ cycleMaxLength: 5 }));
    expect(five.cycles.map((c) => c.members)).toEqual([['X1', 'X2', 'X3', 'X4', 'X5']]);
  });

  it('stops at the cycle cap and says so', () => {
    const { b, trade } = traders(['A1', 'A2', 'B1', 'B2']);
    trade(0, 1, 20_000, '2013-06-01');
    trade(1, 0, 20_000, '2013-06-02');
    trade(2, 3, 30_000, '2013-06-01');
    trade(3, 2, 30_000, '2013-06-02');
    const all = inspect(b.build(), DEFAULT_POLICY);
    expect(all.cycles.map((c) => c.members)).toEqual([
      ['B1', 'B2'],
      ['A1', 'A2'],
    ]);
    expect(all.caps).toEqual([]);
    const capped = inspect(b.build(), policyWith({ cycleMaxCount: 1 }));
    expect(capped.cycles).toHaveLength(1);
    expect(capped.caps.map((c) => c.parameter)).toEqual(['cycleMaxCount']);
    const steps = inspect(b.build(), policyWith({ cycleMaxSearchSteps: 1 }));
    expect(steps.caps.map((c) => c.parameter)).toEqual(['cycleMaxSearchSteps']);
  });
});
