// Properties of the whole inspection on random small markets (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberOrThrow } from '../domain/index.ts';
import type { EnterpriseRole } from '../domain/index.ts';
import type { BuilderLine } from './builder.ts';
import { DEFAULT_POLICY } from './policy.ts';
import type { Policy } from './policy.ts';
import { inspect } from './inspect.ts';
import { serializeResult } from './result.ts';
import type { InspectionResult } from './result.ts';
import { builder, policyWith } from './test-kit.ts';

const FROM = '2013-01-01';
const TO = '2013-03-31';
const DAY0 = dayNumberOrThrow(FROM);
const ROLES: EnterpriseRole[][] = [
  [],
  ['trading'],
  ['separation'],
  ['mining'],
  ['user'],
  ['metal'],
  ['recycling'],
  ['mining', 'separation'],
];
const PRODUCT_IDS = [
  'ore-lyle-oxide',
  'ore-hy-oxide',
  'oxide-prnd',
  'oxide-dy',
  'oxide-nd',
  'fee-processing',
  null,
] as const;

interface GenEnterprise {
  roles: number;
  stock: number | null;
  registered: boolean;
  quota: number;
}
interface GenLine {
  s: number;
  b: number;
  product: number;
  kg: number;
  price: number;
  day: number;
  invoice: number;
  special: boolean;
}
interface GenMarket {
  enterprises: GenEnterprise[];
  lines: GenLine[];
  quotePrice: number;
}

const enterpriseArb = fc.record({
  roles: fc.nat({ max: ROLES.length - 1 }),
  stock: fc.option(fc.integer({ min: 0, max: 50_000 })),
  registered: fc.boolean(),
  quota: fc.integer({ min: 0, max: 100_000 }),
});
const lineArb = fc.record({
  s: fc.nat(),
  b: fc.nat(),
  product: fc.nat({ max: PRODUCT_IDS.length - 1 }),
  kg: fc.integer({ min: 1, max: 20_000 }),
  price: fc.integer({ min: 1, max: 600 }),
  day: fc.integer({ min: 0, max: 89 }),
  invoice: fc.integer({ min: 0, max: 40 }),
  special: fc.boolean(),
});
const marketArb: fc.Arbitrary<GenMarket> = fc.record({
  enterprises: fc.array(enterpriseArb, { minLength: 2, maxLength: 8 }),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 60 }),
  quotePrice: fc.integer({ min: 100, max: 500 }),
});

/** Builds a market; `scale` multiplies every quantity, amount, stock and quota. */
function build(m: GenMarket, order: readonly number[] | null = null, scale = 1, extra: BuilderLine[] = []) {
  const b = builder(FROM, TO);
  const n = m.enterprises.length;
  m.enterprises.forEach((e, i) => {
    const roles = ROLES[e.roles]!;
    b.addEnterprise({
      taxId: `E${i}`,
      roles,
      registered: e.registered || roles.length > 0,
      openingStockKg: e.stock === null ? null : e.stock * scale,
      firstInvoiceDay: DAY0,
      lastInvoiceDay: DAY0 + 89,
      founded: '2010-01-01',
    });
    if (roles.includes('mining'))
      b.addQuota({ year: 2013, enterprise: i, kind: 'mining_ionic', kg: e.quota * scale });
    if (roles.includes('separation'))
      b.addQuota({ year: 2013, enterprise: i, kind: 'separation', kg: e.quota * scale });
  });
  for (let w = 0; w < 13; w++)
    b.addQuote({ product: 'oxide-prnd', day: DAY0 + 7 * w, price: m.quotePrice * 1170, unit: 'CNY/t' });
  const lines = m.lines.map((l, i): BuilderLine => {
    const s = l.s % n;
    let buyer = l.b % n;
    if (buyer === s) buyer = (buyer + 1) % n;
    return {
      invoiceKey: `I${l.invoice}`,
      lineNo: i + 1,
      day: DAY0 + l.day,
      seller: s,
      buyer,
      product: PRODUCT_IDS[l.product]!,
      kg: l.kg * scale,
      amount: l.kg * l.price * scale,
      special: l.special,
    };
  });
  for (const i of order ?? lines.map((_, k) => k)) b.addLine(lines[i]!);
  for (const l of extra) b.addLine(l);
  return b.build();
}

/** Everything but evidence and run statistics, for comparing what two runs concluded. */
function conclusions(r: InspectionResult) {
  return {
    counts: r.counts,
    enterprises: [...r.enterprises]
      .sort((a, b) => (a.taxId < b.taxId ? -1 : 1))
      .map((e) => ({ ...e, reasons: e.reasons.map((x) => ({ ...x, evidence: [] })) })),
    cycles: r.cycles.map((c) => ({ ...c, evidence: [] })),
  };
}

describe('properties of the inspection', () => {
  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        marketArb.chain((m) =>
          fc.tuple(
            fc.constant(m),
            fc.shuffledSubarray(
              m.lines.map((_, i) => i),
              { minLength: m.lines.length },
            ),
          ),
        ),
        ([m, order]) => {
          const a = serializeResult(inspect(build(m), DEFAULT_POLICY));
          const b = serializeResult(inspect(build(m, order), DEFAULT_POLICY));
          expect(b).toBe(a);
        },
      ),
      // Summed as doubles, the engine failed this within a few hundred runs (the half-gram case below);
      // 500 runs take about half a second.
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the lines when a sum sits on a half gram (found by fast-check)', () => {
    // Summed as doubles in line order, these five lines gave unexplainedKg 26128.07 in one order
    // and 26128.069 in another (seed -333067952).
    const line = (s: number, b: number, product: number, kg: number): GenLine => ({
      s,
      b,
      product,
      kg,
      price: 1,
      day: 0,
      invoice: 0,
      special: false,
    });
    const m: GenMarket = {
      enterprises: [
        { roles: 2, stock: null, registered: true, quota: 0 },
        { roles: 0, stock: null, registered: false, quota: 0 },
        { roles: 0, stock: null, registered: false, quota: 0 },
      ],
      lines: [
        line(0, 0, 2, 18121),
        line(0, 0, 2, 9282),
        line(235810249, 0, 2, 1),
        line(1871453101, 0, 0, 1),
        line(0, 0, 2, 1),
      ],
      quotePrice: 100,
    };
    const a = serializeResult(inspect(build(m), DEFAULT_POLICY));
    expect(serializeResult(inspect(build(m, [1, 4, 0, 3, 2]), DEFAULT_POLICY))).toBe(a);
  });

  it('keeps illegalShare within [0, 1] (or null without material)', () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        for (const e of inspect(build(m), DEFAULT_POLICY).enterprises) {
          const x = e.signals.illegalShare;
          if (x !== null) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('scales REO sums by k when every quantity and absolute tolerance is scaled by k', () => {
    const k = 2; // a power of two: the scaled sums are exact
    const scaled: Policy = policyWith(
      {
        balanceAbsTolKg: DEFAULT_POLICY.parameters.balanceAbsTolKg * k,
        elementAbsTolKg: DEFAULT_POLICY.parameters.elementAbsTolKg * k,
        cycleMinKg: DEFAULT_POLICY.parameters.cycleMinKg * k,
      },
      {
        unexplained_output: { params: { minKg: 10_000 * k } },
        circular_invoicing: { params: { minCycleKg: 50_000 * k } },
        heavy_element_unexplained: { params: { minKg: 500 * k } },
      },
    );
    const kgSignals = [
      'reoInKg',
      'reoOutKg',
      'capacityKg',
      'unexplainedKg',
      'quotaOverrunKg',
      'openingStockKg',
      'illegalOutKg',
      'cycleMaxReoKg',
    ] as const;
    const shares = [
      'purchaseValueGap',
      'saleValueGap',
      'pricedShare',
      'belowMarketShare',
      'illegalShare',
      'offRegisterShare',
    ] as const;
    fc.assert(
      fc.property(marketArb, (m) => {
        const a = inspect(build(m), DEFAULT_POLICY);
        const b = inspect(build(m, null, k), scaled);
        a.enterprises.forEach((ea, i) => {
          const eb = b.enterprises.find((x) => x.taxId === ea.taxId)!;
          // each figure is rounded to the gram: k × round(x) and round(k × x) differ by ≤ k/2 g
          for (const s of kgSignals)
            expect(Math.abs(eb.signals[s] - k * ea.signals[s])).toBeLessThanOrEqual(0.0011 * k);
          for (const [el, sig] of Object.entries(ea.signals.elements))
            expect(
              Math.abs(eb.signals.elements[el]!.unexplainedKg - k * sig.unexplainedKg),
            ).toBeLessThanOrEqual(0.0011 * k);
          for (const s of shares) expect(eb.signals[s]).toBe(ea.signals[s]);
          expect(eb.list).toBe(ea.list);
          void i;
        });
        expect(b.cycles.map((c) => c.members)).toEqual(a.cycles.map((c) => c.members));
      }),
    );
  });

  it('leaves every member of a closed ring of equal trades balanced', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.constantFrom('ore-lyle-oxide', 'oxide-dy', 'oxide-prnd', 'metal-nd'),
        fc.array(fc.integer({ min: 0, max: 89 }), { minLength: 6, maxLength: 6 }),
        fc.constantFrom<EnterpriseRole[]>(['trading'], ['user'], ['export'], ['trading', 'user']),
        (size, kg, product, days, roles) => {
          const b = builder(FROM, TO);
          for (let i = 0; i < size; i++) b.addEnterprise({ taxId: `R${i}`, roles });
          for (let i = 0; i < size; i++)
            b.addLine({
              invoiceKey: `RING${i}`,
              day: DAY0 + days[i]!,
              seller: i,
              buyer: (i + 1) % size,
              product,
              kg,
              amount: kg * 100,
            });
          const r = inspect(b.build(), DEFAULT_POLICY);
          for (const e of r.enterprises) {
            expect(e.signals.reoInKg).toBe(e.signals.reoOutKg);
            expect(e.signals.unexplainedKg).toBe(0);
            for (const sig of Object.values(e.signals.elements)) expect(sig.unexplainedKg).toBe(0);
            expect(e.signals.illegalShare).toBe(0);
            expect(e.reasons.map((x) => x.rule)).not.toContain('unexplained_any');
          }
        },
      ),
    );
  });

  it('treats a line and the red line that exactly reverses it as if neither existed', () => {
    fc.assert(
      fc.property(marketArb, lineArb, fc.boolean(), (m, l, after) => {
        const n = m.enterprises.length;
        const s = l.s % n;
        const buyer = (l.s + 1 + (l.b % (n - 1))) % n;
        const product = PRODUCT_IDS[l.product]!;
        const day = DAY0 + l.day;
        const blue: BuilderLine = {
          invoiceKey: 'BLUE',
          day,
          seller: s,
          buyer,
          product,
          kg: l.kg,
          amount: l.kg * l.price,
          special: l.special,
        };
        const red: BuilderLine = {
          ...blue,
          invoiceKey: 'RED',
          kg: -l.kg,
          amount: -l.kg * l.price,
          red: true,
        };
        const base = inspect(build(m), DEFAULT_POLICY);
        const withPair = inspect(build(m, null, 1, after ? [red, blue] : [blue, red]), DEFAULT_POLICY);
        expect(conclusions(withPair)).toEqual(conclusions(base));
      }),
    );
  });

  it('terminates on random dense graphs with cycles, within its caps', () => {
    const loose = policyWith({
      cycleMaxLength: 6,
      cycleMinKg: 0,
      cycleMinRatio: 0,
      cycleWindowStepDays: 1,
      cycleMaxCount: 200,
      cycleMaxSearchSteps: 20_000,
      tracingDenseMaxNodes: 0,
      tracingMaxSweeps: 200,
    });
    let capped = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.array(
          fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 89 })),
          { minLength: 100, maxLength: 400 },
        ),
        (n, trades) => {
          const b = builder(FROM, TO);
          for (let i = 0; i < n; i++)
            b.addEnterprise({ taxId: `N${i}`, roles: i % 3 === 0 ? ['mining'] : ['trading'] });
          trades.forEach(([s, t, kg, d], i) => {
            const seller = s % n;
            const buyer = (seller + 1 + (t % (n - 1))) % n;
            b.addLine({
              invoiceKey: `T${i}`,
              day: DAY0 + d,
              seller,
              buyer,
              product: 'ore-hy-oxide',
              kg,
              amount: kg,
            });
          });
          const r = inspect(b.build(), loose);
          if (r.caps.length > 0) capped++;
          expect(r.cycles.length).toBeLessThanOrEqual(200);
          if (r.cycleSearch.steps > 20_000)
            expect(r.caps.map((c) => c.parameter)).toContain('cycleMaxSearchSteps');
          for (const c of r.cycles) {
            expect(new Set(c.members).size).toBe(c.members.length); // simple cycles
            expect(c.members.length).toBeGreaterThanOrEqual(2);
            expect(c.members.length).toBeLessThanOrEqual(6);
          }
          for (const e of r.enterprises) {
            const x = e.signals.illegalShare;
            if (x !== null) expect(x >= 0 && x <= 1).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(capped).toBeGreaterThan(0); // the dense cases did run into the caps
  });

  it('solves tracing exactly and by iteration to the same shares', () => {
    const iterative = policyWith({ tracingDenseMaxNodes: 0, tracingMaxSweeps: 200_000 });
    fc.assert(
      fc.property(marketArb, (m) => {
        const a = inspect(build(m), DEFAULT_POLICY);
        const b = inspect(build(m), iterative);
        a.enterprises.forEach((ea) => {
          const eb = b.enterprises.find((x) => x.taxId === ea.taxId)!;
          if (ea.signals.illegalShare === null) expect(eb.signals.illegalShare).toBeNull();
          else expect(Math.abs(ea.signals.illegalShare - eb.signals.illegalShare!)).toBeLessThanOrEqual(2e-6);
        });
      }),
    );
  });
});
