import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { buildReferencePrices, lineRatio } from './reference-prices.ts';
import { effectiveRegion, isRegionVisible } from './scope.ts';

describe('regions and scope', () => {
  it('places taxpayers by registry or taxpayer ID and cuts them to regions', () => {
    expect(effectiveRegion('91150200MA0TEXT1XX', null)).toBe('150200');
    expect(effectiveRegion('360702745599820', null)).toBe('360702');
    expect(effectiveRegion('91150200MA0TEXT1XX', '360700')).toBe('360700');
    expect(effectiveRegion('X', null)).toBeNull();
    expect(isRegionVisible({ regions: ['150000'] }, '150204')).toBe(true);
    expect(isRegionVisible({ regions: ['150200'] }, '150100')).toBe(false);
    expect(isRegionVisible({ regions: ['150000'] }, null)).toBe(false);
    expect(isRegionVisible({ regions: [] }, null)).toBe(true);
  });
});

describe('CSV', () => {
  it('quotes, keeps Excel happy (BOM, CRLF) and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', '=HYPERLINK("http://evil")'],
          [-12.5, 'say "hi"'],
        ],
      ),
    ).toBe('\ufeffa,b\r\n"x,y","\'=HYPERLINK(""http://evil"")"\r\n-12.5,"say ""hi"""\r\n');
  });
});

describe('reference prices', () => {
  const row = (date: string, price: number, unit: string, vatIncluded: number) => ({
    id: 0,
    date,
    productId: 'oxide-prnd',
    price,
    unit,
    vatIncluded,
    source: 's',
    batchId: 1,
  });
  it('normalises quotes to CNY/kg ex-VAT, averages a day, and honours staleness', () => {
    const prices = buildReferencePrices([
      row('2013-06-03', 351_000, 'CNY/t', 1), // 300 CNY/kg ex-VAT at 17%
      row('2013-06-03', 310, 'CNY/kg', 0), // 310
      row('2019-04-01', 339_000, 'CNY/t', 1), // 13% from 2019-04-01: 300
    ]);
    expect(prices.lookup('oxide-prnd', '2013-06-17', 14)).toEqual({
      pricePerKg: 305,
      quoteDate: '2013-06-03',
      quotes: 2,
    });
    expect(prices.lookup('oxide-prnd', '2013-06-18', 14)).toBeUndefined();
    expect(prices.lookup('oxide-prnd', '2013-06-02', 14)).toBeUndefined();
    expect(prices.lookup('oxide-prnd', '2019-04-01', 14)?.pricePerKg).toBeCloseTo(300, 9);
    expect(prices.lookup('oxide-nd', '2013-06-03', 14)).toBeUndefined();
    expect(lineRatio(30_000_000, 1000, 300)).toBe(1);
    expect(lineRatio(-30_000_000, -1000, 300)).toBe(1);
    expect(lineRatio(100, 0, 300)).toBeNull();
    expect(lineRatio(100, 1, undefined)).toBeNull();
  });
});
