// Units of invoiced quantity. The rare earth invoice rules (STA 2012 No. 17) allow only 公斤 and
// 吨; grams are read (they occur on samples) but flagged as a rule breach by the inspection.

export type UnitId = 't' | 'kg' | 'g';

export interface Unit {
  readonly id: UnitId;
  /** kg of product per unit of quantity. */
  readonly kgPerUnit: number;
  readonly zh: string;
  readonly en: string;
  /** Allowed on a rare earth invoice from 2012-06-01. */
  readonly allowedOnRareEarthInvoice: boolean;
}

export const UNITS: Readonly<Record<UnitId, Unit>> = {
  t: { id: 't', kgPerUnit: 1000, zh: '吨', en: 'tonne', allowedOnRareEarthInvoice: true },
  kg: { id: 'kg', kgPerUnit: 1, zh: '公斤', en: 'kg', allowedOnRareEarthInvoice: true },
  g: { id: 'g', kgPerUnit: 0.001, zh: '克', en: 'gram', allowedOnRareEarthInvoice: false },
};

const UNIT_ALIASES: ReadonlyMap<string, UnitId> = new Map<string, UnitId>([
  ['吨', 't'],
  ['t', 't'],
  ['公吨', 't'],
  ['tonne', 't'],
  ['tonnes', 't'],
  ['ton', 't'],
  ['tons', 't'],
  ['mt', 't'],
  ['公斤', 'kg'],
  ['千克', 'kg'],
  ['kg', 'kg'],
  ['kgs', 'kg'],
  ['kilogram', 'kg'],
  ['克', 'g'],
  ['g', 'g'],
  ['gram', 'g'],
]);

/**
 * Parses a unit as written on an invoice, case- and width-insensitively.
 * @example parseUnit('公斤') // UNITS.kg
 */
export function parseUnit(text: string): Unit | undefined {
  const key = text.normalize('NFKC').trim().toLowerCase().replace(/\.$/, '');
  const id = UNIT_ALIASES.get(key);
  return id === undefined ? undefined : UNITS[id];
}

/** Price units of reference quotes (formats.md §5): CNY per tonne or per kg. */
export type PriceUnitId = 'CNY/t' | 'CNY/kg';

const PRICE_UNIT_ALIASES: ReadonlyMap<string, PriceUnitId> = new Map<string, PriceUnitId>([
  ['元/吨', 'CNY/t'],
  ['元/t', 'CNY/t'],
  ['cny/t', 'CNY/t'],
  ['rmb/t', 'CNY/t'],
  ['yuan/t', 'CNY/t'],
  ['元/公斤', 'CNY/kg'],
  ['元/千克', 'CNY/kg'],
  ['元/kg', 'CNY/kg'],
  ['cny/kg', 'CNY/kg'],
  ['rmb/kg', 'CNY/kg'],
  ['yuan/kg', 'CNY/kg'],
]);

/**
 * Parses a quote's price unit.
 * @example parsePriceUnit('元/吨') // 'CNY/t'
 */
export function parsePriceUnit(text: string): PriceUnitId | undefined {
  return PRICE_UNIT_ALIASES.get(text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ''));
}

/** kg of product per price unit: a per-tonne price ÷ 1000 is the per-kg price. */
export function kgPerPriceUnit(unit: PriceUnitId): number {
  return unit === 'CNY/t' ? 1000 : 1;
}
