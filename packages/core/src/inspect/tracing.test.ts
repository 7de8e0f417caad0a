import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.ts';
import { inspect } from './inspect.ts';
import { builder, entry, policyWith, rulesOf } from './test-kit.ts';

// All trades in REO-basis ore (1 kg = 1 kg REO). A miner without quota or stock sells 100,000 kg:
// unexplained = 100,000 − 0 − max(1,000, 3,000) = 97,000, so its own illegal share is 0.97.
describe('flow tracing (inspection.md §4)', () => {
  it('carries an illegal share down a chain to a pure buyer', () => {
    const b = builder();
    const a = b.addEnterprise({ taxId: 'A', roles: ['mining'] });
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'] });
    const u = b.addEnterprise({ taxId: 'U', roles: ['user'] });
    b.addLine({
      invoiceKey: 'I1',
      date: '2013-03-01',
      seller: a,
      buyer: t,
      product: 'ore-lyle-oxide',
      kg: 100_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I2',
      date: '2013-03-02',
      seller: t,
      buyer: u,
      product: 'ore-lyle-oxide',
      kg: 100_000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'A').signals.illegalShare).toBe(0.97);
    expect(entry(r, 'A').signals.illegalOutKg).toBe(97_000);
    expect(entry(r, 'T').signals.illegalShare).toBe(0.97);
    expect(entry(r, 'U').signals.illegalShare).toBe(0.97); // pure buyer: share of its purchases
    expect(rulesOf(r, 'U')).toContain('illegal_share');
    const reason = entry(r, 'U').reasons.find((x) => x.rule === 'illegal_share');
    expect(reason?.evidence).toEqual(['I2/1']);
  });

  it('mixes sources in proportion', () => {
    // T buys 50,000 from A (50,000 sold, 48,500 unexplained: 0.97) and 50,000 from a legal miner.
    const b = builder();
    const a = b.addEnterprise({ taxId: 'A', roles: ['mining'] });
    const m = b.addEnterprise({ taxId: 'M', roles: ['mining'] });
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'] });
    b.addQuota({ year: 2013, enterprise: m, kind: 'mining_ionic', kg: 100_000 });
    b.addLine({
      invoiceKey: 'I1',
      date: '2013-03-01',
      seller: a,
      buyer: t,
      product: 'ore-lyle-oxide',
      kg: 50_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I2',
      date: '2013-03-01',
      seller: m,
      buyer: t,
      product: 'ore-lyle-oxide',
      kg: 50_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I3',
      date: '2013-03-02',
      seller: t,
      buyer: 'U',
      product: 'ore-lyle-oxide',
      kg: 100_000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'M').signals.illegalShare).toBe(0);
    expect(entry(r, 'T').signals.illegalShare).toBe(0.485);
    expect(entry(r, 'U').signals.illegalShare).toBe(0.485);
  });

  // A → T1 100,000 (A: 0.97). T1 → T2 150,000, T2 → T1 50,000, M (legal) → T2 50,000, T2 → U 100,000.
  //   x2 = 150,000 x1 / 200,000 = 0.75 x1
  //   x1 = (100,000 × 0.97 + 50,000 x2) / 150,000  ⇒  112,500 x1 = 97,000  ⇒  x1 = 0.862222…
  function ring() {
    const b = builder();
    const a = b.addEnterprise({ taxId: 'A', roles: ['mining'] });
    const m = b.addEnterprise({ taxId: 'M', roles: ['mining'] });
    const t1 = b.addEnterprise({ taxId: 'T1', roles: ['trading'] });
    const t2 = b.addEnterprise({ taxId: 'T2', roles: ['trading'] });
    b.addQuota({ year: 2013, enterprise: m, kind: 'mining_ionic', kg: 100_000 });
    const ore = 'ore-lyle-oxide';
    b.addLine({
      invoiceKey: 'I1',
      date: '2013-03-01',
      seller: a,
      buyer: t1,
      product: ore,
      kg: 100_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I2',
      date: '2013-03-02',
      seller: t1,
      buyer: t2,
      product: ore,
      kg: 150_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I3',
      date: '2013-03-03',
      seller: t2,
      buyer: t1,
      product: ore,
      kg: 50_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I4',
      date: '2013-03-03',
      seller: m,
      buyer: t2,
      product: ore,
      kg: 50_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I5',
      date: '2013-03-04',
      seller: t2,
      buyer: 'U',
      product: ore,
      kg: 100_000,
      amount: 1,
    });
    return b.build();
  }

  it('solves the fixed point through a cycle exactly', () => {
    const r = inspect(ring(), DEFAULT_POLICY);
    const x1 = 97_000 / 112_500;
    expect(entry(r, 'T1').signals.illegalShare).toBe(Number(x1.toFixed(6)));
    expect(entry(r, 'T2').signals.illegalShare).toBe(Number((0.75 * x1).toFixed(6)));
    expect(entry(r, 'U').signals.illegalShare).toBe(Number((0.75 * x1).toFixed(6)));
    expect(r.tracing.converged).toBe(true);
  });

  it('iterates large components to the same answer', () => {
    const exact = inspect(ring(), DEFAULT_POLICY);
    const iterated = inspect(ring(), policyWith({ tracingDenseMaxNodes: 0 }));
    for (const id of ['T1', 'T2', 'U'])
      expect(entry(iterated, id).signals.illegalShare).toBe(entry(exact, id).signals.illegalShare);
    expect(iterated.tracing.converged).toBe(true);
  });

  it('reports a sweep cap that stops the iteration', () => {
    const r = inspect(ring(), policyWith({ tracingDenseMaxNodes: 0, tracingMaxSweeps: 1 }));
    expect(r.tracing.converged).toBe(false);
    expect(r.caps.map((c) => c.parameter)).toContain('tracingMaxSweeps');
  });

  it('leaves a closed loop no source feeds at 0, and enterprises without material at null', () => {
    const b = builder();
    const p = b.addEnterprise({ taxId: 'P', roles: ['trading'], openingStockKg: 20_000 });
    const q = b.addEnterprise({ taxId: 'Q', roles: ['trading'] });
    b.addEnterprise({ taxId: 'IDLE', roles: ['user'] });
    b.addLine({
      invoiceKey: 'I1',
      date: '2013-03-01',
      seller: p,
      buyer: q,
      product: 'ore-lyle-oxide',
      kg: 20_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I2',
      date: '2013-03-02',
      seller: q,
      buyer: p,
      product: 'ore-lyle-oxide',
      kg: 20_000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'P').signals.illegalShare).toBe(0);
    expect(entry(r, 'Q').signals.illegalShare).toBe(0);
    expect(entry(r, 'IDLE').signals.illegalShare).toBeNull();
  });
});
