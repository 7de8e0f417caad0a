import { describe, expect, it } from 'vitest';
import { inspect } from './inspect.ts';
import { normalizeQuote } from './prices.ts';
import { builder, entry, policyWith } from './test-kit.ts';

describe('quote normalisation (inspection.md §2)', () => {
  it('divides per-tonne prices by 1000 and VAT-inclusive prices by 1 + the rate of the quote date', () => {
    // 339,000 CNY/t incl. 13% VAT (2023) = 339 CNY/kg incl. = 300 CNY/kg ex-VAT
    expect(normalizeQuote(339_000, 'CNY/t', true, '2023-12-01')).toBeCloseTo(300, 9);
    // 17% until 2018-04-30, 16% from 2018-05-01
    expect(normalizeQuote(1170, 'CNY/kg', true, '2018-04-30')).toBeCloseTo(1000, 9);
    expect(normalizeQuote(1160, 'CNY/kg', true, '2018-05-01')).toBeCloseTo(1000, 9);
    expect(normalizeQuote(1000, 'CNY/kg', false, '2013-01-01')).toBe(1000);
  });
});

describe('reference prices and price differences', () => {
  // PrNd oxide, 0.99 kg REO per kg. Quote 351,000 CNY/t incl. 17% VAT on 2013-03-01 → 300 CNY/kg
  // ex-VAT, valid for lines dated 2013-03-01 … 2013-03-15 (14 days).
  function dataset() {
    const b = builder();
    const s = b.addEnterprise({ taxId: 'S', roles: ['separation'] });
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'] });
    b.addQuote({ product: 'oxide-prnd', date: '2013-03-01', price: 351_000, unit: 'CNY/t' });
    const line = (key: string, date: string, kg: number, amount: number) =>
      b.addLine({ invoiceKey: key, date, seller: s, buyer: t, product: 'oxide-prnd', kg, amount });
    line('L1', '2013-03-05', 1000, 150_000); // r = 150/300 = 0.5: below market
    line('L2', '2013-03-10', 2000, 600_000); // r = 1
    line('L3', '2013-03-15', 1000, 300_000); // 14 days after the quote: still priced, r = 1
    line('L4', '2013-03-16', 500, 150_000); // 15 days: unpriced
    line('L5', '2013-02-28', 500, 150_000); // before any quote: unpriced
    return b.build();
  }

  it('prices lines by the latest quote within 14 days and computes the gaps by hand', () => {
    const r = inspect(dataset(), policyWith({ peerFallback: false }));
    const t = entry(r, 'T').signals;
    // priced purchases L1–L3: Σ amount 1,050,000; Σ kg × ref = 4,000 × 300 = 1,200,000
    expect(t.purchaseValueGap).toBe(-0.125);
    // below market: L1's reference value 300,000 of 1,200,000
    expect(t.belowMarketShare).toBe(0.25);
    // priced REO 4,000 × 0.99 of 5,000 × 0.99
    expect(t.pricedShare).toBe(0.8);
    expect(t.saleValueGap).toBeNull();
    const s = entry(r, 'S').signals;
    expect(s.saleValueGap).toBe(-0.125);
    expect(s.purchaseValueGap).toBeNull();
    expect(s.belowMarketShare).toBeNull();
    expect(s.peerPricedShare).toBe(0);
  });

  it('averages quotes of the same day', () => {
    const b = builder();
    const s = b.addEnterprise({ taxId: 'S', roles: ['separation'] });
    b.addQuote({ product: 'oxide-dy', date: '2013-05-02', price: 1170, unit: 'CNY/kg' }); // 1000 ex-VAT
    b.addQuote({ product: 'oxide-dy', date: '2013-05-02', price: 1100, unit: 'CNY/kg', vatIncluded: false });
    b.addLine({
      invoiceKey: 'D1',
      date: '2013-05-03',
      seller: s,
      buyer: 'B',
      product: 'oxide-dy',
      kg: 10,
      amount: 10_500,
    });
    const r = inspect(b.build(), policyWith({ peerFallback: false }));
    expect(entry(r, 'S').signals.saleValueGap).toBe(0); // reference (1000 + 1100) / 2 = 1050
  });

  describe('peer fallback: median invoice price of the product-week where no quote exists', () => {
    // Nd oxide has no quotes. The ISO week of Monday 2013-03-04 … Sunday 2013-03-10.
    function week(prices: number[], red?: number) {
      const b = builder();
      const s = b.addEnterprise({ taxId: 'S', roles: ['separation'] });
      const t = b.addEnterprise({ taxId: 'T', roles: ['trading'] });
      prices.forEach((unit, i) =>
        b.addLine({
          invoiceKey: `W${i}`,
          date: `2013-03-0${4 + (i % 5)}`,
          seller: s,
          buyer: t,
          product: 'oxide-nd',
          kg: 10,
          amount: unit * 10,
        }),
      );
      if (red !== undefined)
        b.addLine({
          invoiceKey: 'RED',
          date: '2013-03-09',
          seller: s,
          buyer: t,
          product: 'oxide-nd',
          kg: -10,
          amount: -red * 10,
        });
      // Monday 2013-03-11 starts another week, where only this line trades: too few lines.
      b.addLine({
        invoiceKey: 'NEXT',
        date: '2013-03-11',
        seller: s,
        buyer: t,
        product: 'oxide-nd',
        kg: 10,
        amount: 1000,
      });
      return b.build();
    }

    it('prices a week with enough lines at its median, marked as peer-priced', () => {
      const r = inspect(week([100, 200, 300, 400, 500]), policyWith({ peerMinLines: 5 }));
      const t = entry(r, 'T').signals;
      // median 300: Σ amount 15,000 ÷ (50 kg × 300) − 1 = 0; the 11 March line is unpriced
      expect(t.purchaseValueGap).toBe(0);
      expect(t.pricedShare).toBe(0.833333); // 50 of 60 kg
      expect(t.peerPricedShare).toBe(1);
      expect(r.prices.peerWeeks).toBe(1);
      expect(r.prices.peerWeeksTooFewLines).toBe(1);
    });

    it('takes the mean of the two middle prices for an even count', () => {
      const r = inspect(week([100, 200, 300, 400, 500, 700]), policyWith({ peerMinLines: 5 }));
      // median (300 + 400) / 2 = 350; Σ amount 22,000 ÷ (60 × 350) − 1
      expect(entry(r, 'T').signals.purchaseValueGap).toBe(Number((22_000 / 21_000 - 1).toFixed(6)));
    });

    it('lets a red line remove the line it reverses from the median', () => {
      // six blue lines, the 700 one reversed: five remain, median 300
      const r = inspect(week([100, 200, 300, 400, 500, 700], 700), policyWith({ peerMinLines: 5 }));
      expect(r.prices.peerWeeks).toBe(1);
      // priced: the five remaining at 300 plus the reversed pair (+7000 − 7000, +10 − 10 kg)
      expect(entry(r, 'T').signals.purchaseValueGap).toBe(0);
    });

    it('does not price a week with fewer lines than peerMinLines', () => {
      const r = inspect(week([100, 200, 300, 400, 500], 500), policyWith({ peerMinLines: 5 }));
      expect(entry(r, 'T').signals.purchaseValueGap).toBeNull();
      expect(r.prices.peerWeeks).toBe(0);
    });

    it('is off when the policy says so', () => {
      const r = inspect(week([100, 200, 300, 400, 500]), policyWith({ peerFallback: false }));
      expect(entry(r, 'T').signals.pricedShare).toBe(0);
    });
  });
});
