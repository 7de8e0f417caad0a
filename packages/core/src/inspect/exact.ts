// Line quantities are summed as integers — REO kg in milligrams, money in fen — so that a sum does
// not depend on the order of the lines. Doubles added in line order differ by an ulp between two
// orders, and the result's rounding to the gram or fen turns that ulp into a visible difference
// when a sum sits on a half gram (issue 4: 26128.07 kg in one order, 26128.069 in another).
// Integers below 2^53 (9,007,199,254 kg REO, 90 trillion CNY per sum) add exactly in doubles, in
// any order. The import stores REO kg to the milligram and amounts to the fen, so nothing is lost.

export const MG_PER_KG = 1e6;
export const FEN_PER_CNY = 100;

/**
 * REO kg as whole milligrams; rounds half away from zero, so a red line's value is exactly the
 * negative of its original's.
 * @example toMg(0.0000025) // 3; toMg(-0.0000025) // -3
 */
export function toMg(kg: number): number {
  return kg < 0 ? -Math.round(-kg * MG_PER_KG) : Math.round(kg * MG_PER_KG);
}

/**
 * CNY as whole fen, rounding half away from zero.
 * @example toFen(12.34) // 1234; toFen(-0.005) // -1
 */
export function toFen(cny: number): number {
  return cny < 0 ? -Math.round(-cny * FEN_PER_CNY) : Math.round(cny * FEN_PER_CNY);
}

/** Converts an array of milligram sums to kg, in place. */
export function mgToKg(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! / MG_PER_KG;
  return a;
}

/** Converts an array of fen sums to CNY, in place. */
export function fenToCny(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! / FEN_PER_CNY;
  return a;
}
