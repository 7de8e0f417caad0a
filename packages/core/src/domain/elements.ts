// Rare earth elements and their oxides (domain.md §5).

export const ELEMENTS = [
  'La',
  'Ce',
  'Pr',
  'Nd',
  'Sm',
  'Eu',
  'Gd',
  'Tb',
  'Dy',
  'Ho',
  'Er',
  'Tm',
  'Yb',
  'Lu',
  'Y',
] as const;
export type Element = (typeof ELEMENTS)[number];

/** Heavy elements the default policy balances one by one (inspection.md §3 and §6). */
export const HEAVY_ELEMENTS: readonly Element[] = ['Dy', 'Tb', 'Eu', 'Y'];

export const ELEMENT_NAMES: Readonly<Record<Element, { zh: string; en: string; oxide: string }>> = {
  La: { zh: '镧', en: 'lanthanum', oxide: 'La₂O₃' },
  Ce: { zh: '铈', en: 'cerium', oxide: 'CeO₂' },
  Pr: { zh: '镨', en: 'praseodymium', oxide: 'Pr₆O₁₁' },
  Nd: { zh: '钕', en: 'neodymium', oxide: 'Nd₂O₃' },
  Sm: { zh: '钐', en: 'samarium', oxide: 'Sm₂O₃' },
  Eu: { zh: '铕', en: 'europium', oxide: 'Eu₂O₃' },
  Gd: { zh: '钆', en: 'gadolinium', oxide: 'Gd₂O₃' },
  Tb: { zh: '铽', en: 'terbium', oxide: 'Tb₄O₇' },
  Dy: { zh: '镝', en: 'dysprosium', oxide: 'Dy₂O₃' },
  Ho: { zh: '钬', en: 'holmium', oxide: 'Ho₂O₃' },
  Er: { zh: '铒', en: 'erbium', oxide: 'Er₂O₃' },
  Tm: { zh: '铥', en: 'thulium', oxide: 'Tm₂O₃' },
  Yb: { zh: '镱', en: 'ytterbium', oxide: 'Yb₂O₃' },
  Lu: { zh: '镥', en: 'lutetium', oxide: 'Lu₂O₃' },
  Y: { zh: '钇', en: 'yttrium', oxide: 'Y₂O₃' },
};

/**
 * kg of oxide per kg of metal (domain.md §5 for the ten listed; Ho, Er, Tm, Yb, Lu from molar
 * masses of M₂O₃: M + 1.5 × 15.999 / M).
 */
export const OXIDE_PER_METAL: Readonly<Record<Element, number>> = {
  La: 1.1728,
  Ce: 1.2284,
  Pr: 1.2082,
  Nd: 1.1664,
  Sm: 1.1596,
  Eu: 1.1579,
  Gd: 1.1526,
  Tb: 1.1762,
  Dy: 1.1477,
  Ho: 1.1455,
  Er: 1.1435,
  Tm: 1.1421,
  Yb: 1.1387,
  Lu: 1.1372,
  Y: 1.2699,
};

/** Composition of REO by element: oxide-mass shares that sum to 1. */
export type Composition = Readonly<Partial<Record<Element, number>>>;

export function isElement(text: string): text is Element {
  return (ELEMENTS as readonly string[]).includes(text);
}

/** Rescales a composition so its shares sum to exactly 1 (rounding in published tables). */
export function normalizeComposition(shares: Composition): Composition {
  let total = 0;
  for (const e of ELEMENTS) total += shares[e] ?? 0;
  if (total <= 0) return {};
  const out: Partial<Record<Element, number>> = {};
  for (const e of ELEMENTS) {
    const s = shares[e];
    if (s !== undefined && s > 0) out[e] = s / total;
  }
  return out;
}
