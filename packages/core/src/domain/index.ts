// Public entry of @oresight/core/domain: the vocabulary every other part speaks.
export { ENTERPRISE_ROLES, ROLE_LABELS, parseRole, parseRoles, isEnterpriseRole } from './roles.ts';
export type { EnterpriseRole } from './roles.ts';
export {
  isIsoDate,
  dayNumberOf,
  dayNumberFromParts,
  dayNumberOrThrow,
  isoDateOf,
  daysInclusive,
  daysInYear,
  addDays,
} from './dates.ts';
export type { IsoDate } from './dates.ts';
export {
  toHalfWidth,
  parseExactDecimal,
  yuanTextToFen,
  fenToYuanText,
  MG_PER_KG,
  FEN_PER_CNY,
  toMg,
  toFen,
} from './decimal.ts';
export type { ExactDecimal } from './decimal.ts';
export { UNITS, parseUnit, parsePriceUnit, kgPerPriceUnit } from './units.ts';
export type { Unit, UnitId, PriceUnitId } from './units.ts';
export { VAT_SCHEDULE, vatRateOn, isVatRateInForce } from './vat.ts';
export { checkTaxId, normalizeTaxId, usccCheckChar, orgCodeCheckChar, makeUscc } from './tax-id.ts';
export type { TaxIdCheck, TaxIdKind } from './tax-id.ts';
export {
  REGIONS,
  getRegion,
  findRegionByName,
  provinceCodeOf,
  prefectureCodeOf,
  isWithinRegion,
  regionLabel,
} from './regions.ts';
export type { Region, RegionRecord, RegionLevel } from './regions.ts';
export {
  ELEMENTS,
  HEAVY_ELEMENTS,
  ELEMENT_NAMES,
  OXIDE_PER_METAL,
  isElement,
  normalizeComposition,
} from './elements.ts';
export type { Element, Composition } from './elements.ts';
export { PRODUCT_CATEGORIES, createCatalogue, normalizeProductName, reoPerKgForLine } from './catalogue.ts';
export type {
  Catalogue,
  CatalogueOverride,
  ItemNameMatch,
  Product,
  ProductCategory,
  ProductDefinition,
  QuantityBasis,
} from './catalogue.ts';
export { SHIPPED_PRODUCTS, BAYAN_OBO } from './catalogue.data.ts';
export { GROUPS, findGroup, QUOTA_KINDS, QUOTA_KIND_LABELS, parseQuotaKind } from './groups.ts';
export type { GroupDefinition, QuotaKind } from './groups.ts';
export { LineFlag } from './line-flags.ts';
export type { LineFlagName } from './line-flags.ts';
