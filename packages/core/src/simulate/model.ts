// The simulator's internal model: enterprises with their planning attributes, planned streams of
// invoices between them, and the quantities behind every line. Public types re-exported from
// index.ts are documented there.
import type { EnterpriseRole } from '../domain/roles.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { QuotaKind } from '../domain/groups.ts';
import type { IonicOreType } from './places.data.ts';

export type EnterpriseKind =
  | 'mine-baiyunebo'
  | 'mine-bastnasite'
  | 'mine-ionic'
  | 'sep-light'
  | 'sep-bastnasite'
  | 'sep-ionic'
  | 'metal'
  | 'recycler'
  | 'trader-oxide'
  | 'trader-metal'
  | 'exporter'
  | 'user-magnet'
  | 'user-phosphor'
  | 'user-catalyst'
  | 'user-alloy';

/** Stable ids of the planted violation kinds (truth.json `kinds`). */
export const VIOLATION_KINDS = [
  'over_quota_mining',
  'over_quota_separation',
  'invoice_bleaching',
  'bleached_buyer',
  'circular_invoicing',
  'pass_through_shell',
  'fake_recycling',
  'heavy_from_light',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/**
 * What part an enterprise plays in the scenario: `legal` (the clean chain), one violation, or
 * `exposed-*` (otherwise legal enterprises that receive black material: traders ET, metal plants
 * EM, exporters EX, users EU), or `dormant` (registered, no invoices in the year).
 */
export type Part =
  'legal' | 'dormant' | 'OQM' | 'OQS' | 'HL' | 'FR' | 'BT' | 'BB' | 'PT' | 'RING' | 'ET' | 'EM' | 'EX' | 'EU';

export const PART_KIND: Readonly<Partial<Record<Part, ViolationKind>>> = {
  OQM: 'over_quota_mining',
  OQS: 'over_quota_separation',
  HL: 'heavy_from_light',
  FR: 'fake_recycling',
  BT: 'invoice_bleaching',
  BB: 'bleached_buyer',
  PT: 'pass_through_shell',
  RING: 'circular_invoicing',
};

export type OreSource = IonicOreType | 'baiyunebo' | 'bastnasite';

export interface SimEnterprise {
  readonly index: number;
  readonly kind: EnterpriseKind;
  part: Part;
  taxId: string;
  name: string;
  roles: EnterpriseRole[];
  /** County-level GB/T 2260 code (USCC positions 3–8). */
  readonly county: string;
  readonly prefecture: string;
  readonly province: string;
  /** Group id in the simulated year (domain/groups.ts), or null. */
  group: string | null;
  miningLicence: string | null;
  founded: IsoDate;
  deregistered: IsoDate | null;
  /** Declared opening stock, kg REO (a multiple of 100 kg: the file carries tonnes with one decimal). */
  openingStockKg: number | null;
  /** Relative size: how much of a supplier's volume it attracts. */
  readonly size: number;
  /** Ore it mines, or (for separation plants) the ore family it is fed. */
  ore: OreSource | null;
  /** Legal magnet maker that sells its NdFeB scrap to recyclers. */
  scrapSeller: boolean;
  /** Legal metal plant that takes recycled oxides (and then sells only to non-scrap users). */
  recycledFeed: boolean;
  /** Light separation plant selling part of its output as carbonate/chloride to other plants. */
  compoundShare: number;
  /** Separation plant that converts part of its oxides to metal itself (role `metal` too). */
  metalShare: number;
  /** Traders: sales ÷ purchases (≠ 1 by ≥ 5% for legal traders: they hold or draw down stock). */
  turnover: number;
  /** Order in which traders resell (trader → trader edges go from lower to higher rank). */
  rank: number;
  /** Active window (day offsets in the year) for bleaching traders and rings. */
  activeFrom: number;
  activeTo: number;
  ring: number;
}

/** Invoice classes that never share an invoice (STA 2012 No. 17: ore and separation products apart). */
export type InvoiceClass = 'ore' | 'separation' | 'metal' | 'recycled' | 'fee';

/** Quantity units per invoice unit: tonnes to the kg (3 decimals), kg to 10 g (2 decimals). */
export const UNIT_SCALE = { t: 1000, kg: 100 } as const;
export type LineUnit = keyof typeof UNIT_SCALE;

export interface PlannedItem {
  readonly productId: string;
  readonly spec: string;
  readonly unit: LineUnit;
  /** Quantity in units of 1/UNIT_SCALE[unit] (integer): kg for tonnes, 10 g for kg. */
  units: number;
  /** kg REO per kg of product for this specification (reoPerKgForLine). */
  readonly reoPerKg: number;
  /** Lines of the stream carrying this item. */
  lines: number;
  /** Quantities are multiples of this many units (the last line takes the remainder). */
  granule: number;
}

export type StreamTag =
  'legal' | 'ore-excess' | 'black' | 'bleach' | 'ring' | 'pass-in' | 'pass-out' | 'exposure' | 'fee';

export interface PlannedStream {
  readonly id: number;
  readonly seller: number;
  readonly buyer: number;
  readonly cls: InvoiceClass;
  readonly tag: StreamTag;
  /** First and last day offset (0 = 1 January) on which invoices may be issued. */
  start: number;
  end: number;
  /** Ex-VAT price ÷ the market quote of the day (1 = at market). */
  priceFactor: number;
  readonly items: PlannedItem[];
  /** Lines and invoices (set by the line plan). */
  lines: number;
  invoices: number;
  /** Pass-through resale: invoice k mirrors invoice k of `stream`, `lag` days later, at its price × (1 + margin). */
  link: { readonly stream: number; readonly lag: number; readonly margin: number } | null;
}

export interface QuotaRow {
  readonly year: number;
  readonly batch: string;
  readonly enterprise: number;
  readonly kind: QuotaKind;
  /** Tonnes REO, integer. */
  readonly tonnes: number;
}
