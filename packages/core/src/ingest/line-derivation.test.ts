import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineReoKg } from './line-derivation.ts';

describe('REO kg of a line', () => {
  it('is kg × REO per kg to the milligram, without binary noise', () => {
    expect(lineReoKg(12000, 0.28)).toBe(3360);
    expect(lineReoKg(0, 0.92)).toBe(0);
    expect(lineReoKg(0.0000025, 1)).toBe(0.000003); // 2.5 mg: half a milligram rounds away from zero
  });

  it('gives a red line exactly the negative of its original', () => {
    expect(lineReoKg(-0.0000025, 1)).toBe(-0.000003); // Math.round alone gives -0.000002
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.constantFrom(1, 0.92, 0.28, 0.42, 0.995),
        (kg, factor) => {
          expect(lineReoKg(-kg, factor)).toBe(-lineReoKg(kg, factor) || 0);
        },
      ),
    );
  });
});
