import { describe, expect, it } from 'vitest';
import { LineFlag, dayNumberOrThrow } from '../domain/index.ts';
import { DEFAULT_POLICY } from './policy.ts';
import { inspect } from './inspect.ts';
import { builder, entry, rulesOf } from './test-kit.ts';

describe('pass-through traders', () => {
  // T buys 1,000 kg PrNd oxide from S on 10 days and sells it to U `lag` days later at +0.5%.
  function trader(lag: number, markup = 1.005) {
    const b = builder();
    const s = b.addEnterprise({ taxId: 'S', roles: ['separation'], openingStockKg: 1e6 });
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'] });
    for (let d = 1; d <= 10; d++) {
      const day = dayNumberOrThrow('2013-05-01') + d;
      b.addLine({
        invoiceKey: `B${d}`,
        day,
        seller: s,
        buyer: t,
        product: 'oxide-prnd',
        kg: 1000,
        amount: 300_000,
      });
      b.addLine({
        invoiceKey: `S${d}`,
        day: day + lag,
        seller: t,
        buyer: 'U',
        product: 'oxide-prnd',
        kg: 1000,
        amount: 300_000 * markup,
      });
    }
    return inspect(b.build(), DEFAULT_POLICY);
  }

  it('flags a trader that sells what it bought within days at no margin', () => {
    const r = trader(1);
    const t = entry(r, 'T').signals;
    expect(t.reoInKg).toBe(9900);
    expect(t.reoOutKg).toBe(9900);
    expect(t.grossMargin).toBe(0.005);
    expect(t.passThroughMedianDays).toBe(1);
    expect(t.passThroughTrader).toBe(true);
    expect(rulesOf(r, 'T')).toContain('pass_through_trader');
    expect(entry(r, 'T').list).toBe('grey');
  });

  it('matches sales with purchase lots first in, first out', () => {
    expect(entry(trader(0), 'T').signals.passThroughMedianDays).toBe(0);
    const slow = entry(trader(10), 'T').signals;
    expect(slow.passThroughMedianDays).toBe(10);
    expect(slow.passThroughTrader).toBe(false);
  });

  it('weights gaps by REO kg and counts sales from earlier stock as never matched', () => {
    const b = builder();
    const t = b.addEnterprise({ taxId: 'T', roles: ['trading'], openingStockKg: 1e6 });
    const at = (date: string) => dayNumberOrThrow(date);
    const ore = 'ore-lyle-oxide';
    // bought 1,000 on 3 May and 3,000 on 10 May; sold 1,500 on 4 May (1,000 after 1 day, 500
    // from stock) and 2,500 on 20 May (after 10 days). Gaps by kg: 1 → 1,000; 10 → 2,500;
    // ∞ → 500. Half of 4,000 is reached at 10 days.
    b.addLine({
      invoiceKey: 'B1',
      day: at('2013-05-03'),
      seller: 'S',
      buyer: t,
      product: ore,
      kg: 1000,
      amount: 1000,
    });
    b.addLine({
      invoiceKey: 'B2',
      day: at('2013-05-10'),
      seller: 'S',
      buyer: t,
      product: ore,
      kg: 3000,
      amount: 3000,
    });
    b.addLine({
      invoiceKey: 'S1',
      day: at('2013-05-04'),
      seller: t,
      buyer: 'U',
      product: ore,
      kg: 1500,
      amount: 1500,
    });
    b.addLine({
      invoiceKey: 'S2',
      day: at('2013-05-20'),
      seller: t,
      buyer: 'U',
      product: ore,
      kg: 2500,
      amount: 2500,
    });
    expect(entry(inspect(b.build(), DEFAULT_POLICY), 'T').signals.passThroughMedianDays).toBe(10);
  });

  it('needs the margin within 1%', () => {
    const r = trader(1, 1.05);
    expect(entry(r, 'T').signals.grossMargin).toBe(0.05);
    expect(entry(r, 'T').signals.passThroughTrader).toBe(false);
    expect(entry(r, 'T').signals.passThroughMedianDays).toBeNull(); // not a candidate: not computed
  });
});

describe('short-lived issuers', () => {
  it('flags a new issuer in the top 10% by sales, and one deregistered soon after its last invoice', () => {
    const b = builder();
    const newcomer = b.addEnterprise({
      taxId: 'NEW',
      roles: ['trading'],
      founded: '2013-01-01',
      openingStockKg: 1e6,
      firstInvoiceDay: dayNumberOrThrow('2013-02-01'),
    });
    const gone = b.addEnterprise({
      taxId: 'GONE',
      roles: ['trading'],
      openingStockKg: 1e6,
      deregistered: '2013-12-31',
      lastInvoiceDay: dayNumberOrThrow('2013-11-15'),
    });
    const small = b.addEnterprise({
      taxId: 'SMALL',
      roles: ['trading'],
      founded: '2013-01-01',
      openingStockKg: 1e6,
    });
    const others = [1, 2, 3, 4, 5, 6, 7].map((i) =>
      b.addEnterprise({ taxId: `O${i}`, roles: ['trading'], openingStockKg: 1e6 }),
    );
    const sell = (s: number, kg: number, key: string) =>
      b.addLine({
        invoiceKey: key,
        date: '2013-06-01',
        seller: s,
        buyer: 'U',
        product: 'ore-lyle-oxide',
        kg,
        amount: kg,
      });
    sell(newcomer, 100_000, 'N1'); // the largest of 10 sellers: the top 10%
    sell(gone, 1000, 'G1');
    sell(small, 500, 'M1'); // new too, but small
    others.forEach((o, i) => sell(o, 2000 + i, `O${i}`));
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'NEW').signals.daysFoundedToFirstInvoice).toBe(31);
    expect(entry(r, 'NEW').signals.shortLivedIssuer).toBe(true);
    expect(entry(r, 'GONE').signals.daysLastInvoiceToDeregistration).toBe(46);
    expect(entry(r, 'GONE').signals.shortLivedIssuer).toBe(true);
    expect(entry(r, 'SMALL').signals.shortLivedIssuer).toBe(false);
    const reason = entry(r, 'NEW').reasons.find((x) => x.rule === 'short_lived_issuer');
    expect(reason).toMatchObject({ value: 31, threshold: 180, evidence: ['N1/1'] });
    expect(entry(r, 'GONE').reasons.find((x) => x.rule === 'short_lived_issuer')).toMatchObject({
      value: 46,
      threshold: 90,
    });
  });
});

describe('off-register counterparties', () => {
  it('is the share of REO traded with taxpayers not in the registry', () => {
    const b = builder();
    const buyer = b.addEnterprise({ taxId: 'B', roles: ['user'] });
    const y = b.addEnterprise({ taxId: 'Y', roles: ['trading'], openingStockKg: 1e6 });
    b.addLine({
      invoiceKey: 'I1',
      date: '2013-03-01',
      seller: 'GHOST',
      buyer,
      product: 'ore-lyle-oxide',
      kg: 10_000,
      amount: 1,
    });
    b.addLine({
      invoiceKey: 'I2',
      date: '2013-03-01',
      seller: y,
      buyer,
      product: 'ore-lyle-oxide',
      kg: 30_000,
      amount: 1,
    });
    const r = inspect(b.build(), DEFAULT_POLICY);
    expect(entry(r, 'B').signals.offRegisterShare).toBe(0.25);
    expect(rulesOf(r, 'B')).toContain('off_register_share');
    expect(entry(r, 'B').reasons.find((x) => x.rule === 'off_register_share')?.evidence).toEqual(['I1/1']);
    expect(entry(r, 'GHOST').registered).toBe(false);
  });
});

describe('invoice-rule breaches (from 2012-06-01)', () => {
  it('counts each breaching sale line once and attributes it to the seller', () => {
    const b = builder('2012-01-01', '2013-12-31');
    const s = b.addEnterprise({ taxId: 'S', roles: ['separation'], openingStockKg: 1e7 });
    const line = (key: string, extra: Partial<Parameters<typeof b.addLine>[0]> = {}) =>
      b.addLine({
        invoiceKey: key,
        date: '2013-03-01',
        seller: s,
        buyer: 'U',
        product: 'oxide-la',
        kg: 100,
        amount: 1,
        ...extra,
      });
    for (let i = 0; i < 8; i++) line('BIG'); // 8 lines on one invoice: all 8 breach
    line('MIX', { product: 'ore-lyle-oxide' });
    line('MIX'); // ore and separation products on one invoice: both lines
    line('G', { unit: 'g', quantity: 100_000, kg: undefined }); // grams
    line('UNMATCHED', { product: null });
    line('ORD', { special: false }); // rare earth on an ordinary invoice
    line('VAT', { taxRate: 0.13 }); // 13% is not the 2013 rate
    line('ARITH', { flags: LineFlag.AMOUNT_MISMATCH });
    for (let i = 0; i < 6; i++) line(`OK${i}`); // clean
    line('EARLY', { date: '2012-05-01', unit: 'g', quantity: 1, kg: undefined }); // before the rules
    const r = inspect(b.build(), DEFAULT_POLICY);
    const sig = entry(r, 'S').signals;
    expect(sig.invoiceRuleBreaches).toEqual({
      tooManyLines: 8,
      mixedOreSeparation: 2,
      unit: 2 - 1, // the early gram line does not count
      unmatchedItem: 1,
      ordinaryInvoice: 1,
      vatRate: 1,
      arithmetic: 1,
    });
    expect(sig.saleLines).toBe(22);
    expect(sig.invoiceRuleBreachShare).toBe(Number((15 / 22).toFixed(6)));
    const reason = entry(r, 'S').reasons.find((x) => x.rule === 'invoice_rule_breaches');
    expect(reason?.evidence).toHaveLength(10);
    expect(reason?.textEn).toContain('more lines on an invoice than allowed: 8');
  });
});
