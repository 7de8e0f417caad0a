// Line quantities are summed as integers — REO kg in milligrams, money in fen (domain's toMg and
// toFen) — so that a sum does not depend on the order of the lines. Doubles added in line order
// differ by an ulp between two orders, and the result's rounding to the gram or fen turns that ulp
// into a visible difference when a sum sits on a half gram (issue 4: 26128.07 kg in one order,
// 26128.069 in another). Integers below 2^53 (9,007,199,254 kg REO, 90 trillion CNY per sum) add
// exactly in doubles, in any order. The import stores REO kg to the milligram and amounts to the
// fen, so nothing is lost on imported data.
import { FEN_PER_CNY, MG_PER_KG } from '../domain/index.ts';

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
