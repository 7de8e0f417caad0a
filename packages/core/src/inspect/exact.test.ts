import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFen, toMg } from '../domain/index.ts';

describe('exact sums in milligrams and fen', () => {
  it('rounds to the milligram and the fen, half away from zero', () => {
    expect(toMg(3360.0000000000005)).toBe(3_360_000_000);
    expect(toMg(0.0000025)).toBe(3);
    expect(toMg(-0.0000025)).toBe(-3);
    expect(toFen(12.34)).toBe(1234);
    expect(toFen(0.005)).toBe(1);
    expect(toFen(-0.005)).toBe(-1);
  });

  it('gives a red line exactly the negative of its original', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        expect(toMg(-x)).toBe(-toMg(x));
        expect(toFen(-x)).toBe(-toFen(x));
      }),
    );
  });

  it('sums to the same total in any order', () => {
    // The reason for integer sums: doubles added in another order can differ in the last bit.
    const kg = [18121 * 0.9, 9282 * 0.9, 0.99, 0.92, 0.99, 0.1, 0.2, 0.3];
    const total = (xs: number[]) => xs.reduce((s, x) => s + toMg(x), 0);
    const reversed = [...kg].reverse();
    expect(total(reversed)).toBe(total(kg));
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 50 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(total(sorted)).toBe(total(xs));
      }),
    );
  });
});
