// The shipped product catalogue: the 2012 rare earth invoicing catalogue (STA 2012 No. 17) —
// ore products by ionic ore type × {mixed oxide, carbonate, oxalate}, rock-type concentrates,
// separation products (single oxides, PrNd oxide, chloride and carbonate compounds), metals and
// alloys, recycled inputs and processing fees (domain.md §5). Users extend it with overrides.
//
// Compositions are oxide-mass shares of REO. Ionic clay partitions follow published averages
// for Longnan (high-Y), Xinfeng/Longyan (medium-Y Eu-rich) and Xunwu (low-Y low-Eu) ores; Bayan
// Obo and Mianning bastnäsite for rock-type ore. Typical REO contents of compounds and scrap are
// defaults that an REO figure in the specification overrides (inspection.md §1).
import type { Composition } from './elements.ts';
import { OXIDE_PER_METAL } from './elements.ts';
import type { ProductDefinition } from './catalogue.ts';

const HIGH_YTTRIUM: Composition = {
  La: 0.022,
  Ce: 0.005,
  Pr: 0.011,
  Nd: 0.035,
  Sm: 0.023,
  Eu: 0.001,
  Gd: 0.057,
  Tb: 0.011,
  Dy: 0.075,
  Ho: 0.016,
  Er: 0.049,
  Tm: 0.007,
  Yb: 0.025,
  Lu: 0.003,
  Y: 0.66,
};
const MEDIUM_YTTRIUM_EU_RICH: Composition = {
  La: 0.27,
  Ce: 0.032,
  Pr: 0.056,
  Nd: 0.175,
  Sm: 0.045,
  Eu: 0.01,
  Gd: 0.055,
  Tb: 0.008,
  Dy: 0.045,
  Ho: 0.009,
  Er: 0.025,
  Tm: 0.004,
  Yb: 0.02,
  Lu: 0.003,
  Y: 0.243,
};
const LOW_YTTRIUM_LOW_EU: Composition = {
  La: 0.38,
  Ce: 0.035,
  Pr: 0.074,
  Nd: 0.302,
  Sm: 0.052,
  Eu: 0.005,
  Gd: 0.044,
  Tb: 0.005,
  Dy: 0.018,
  Ho: 0.003,
  Er: 0.009,
  Tm: 0.001,
  Yb: 0.007,
  Lu: 0.001,
  Y: 0.064,
};
/** Bayan Obo (Baotou) light ore: almost no Dy/Tb (domain.md §5). */
export const BAYAN_OBO: Composition = {
  La: 0.26,
  Ce: 0.505,
  Pr: 0.052,
  Nd: 0.162,
  Sm: 0.011,
  Eu: 0.0019,
  Gd: 0.004,
  Tb: 0.0004,
  Dy: 0.0006,
  Ho: 0.0001,
  Er: 0.0001,
  Y: 0.0029,
};
const MIANNING_BASTNASITE: Composition = {
  La: 0.32,
  Ce: 0.5,
  Pr: 0.042,
  Nd: 0.125,
  Sm: 0.006,
  Eu: 0.001,
  Gd: 0.002,
  Tb: 0.0002,
  Dy: 0.0005,
  Y: 0.0033,
};
const PHOSPHOR_WASTE: Composition = { Y: 0.7, Eu: 0.05, La: 0.1, Ce: 0.07, Tb: 0.04, Gd: 0.04 };
const NDFEB_SCRAP: Composition = { Nd: 0.7, Pr: 0.23, Dy: 0.05, Tb: 0.01, Gd: 0.01 };

// PrNd is traded at Pr:Nd ≈ 25:75 by metal or oxide weight (domain.md §5).
const PRND_OXIDE: Composition = { Pr: 0.25, Nd: 0.75 };
const PRND_METAL_OXIDE_PER_KG = 0.25 * OXIDE_PER_METAL.Pr + 0.75 * OXIDE_PER_METAL.Nd;
const PRND_METAL: Composition = {
  Pr: (0.25 * OXIDE_PER_METAL.Pr) / PRND_METAL_OXIDE_PER_KG,
  Nd: (0.75 * OXIDE_PER_METAL.Nd) / PRND_METAL_OXIDE_PER_KG,
};

type OreForm = { id: string; zh: string; en: string };
const ORE_FORMS: readonly OreForm[] = [
  { id: 'oxide', zh: '混合稀土氧化物', en: 'mixed rare earth oxide' },
  { id: 'carbonate', zh: '混合碳酸稀土', en: 'mixed rare earth carbonate' },
  { id: 'oxalate', zh: '混合草酸稀土', en: 'mixed rare earth oxalate' },
];
const ORE_TYPES = [
  { id: 'hy', zh: '高钇', en: 'High-yttrium', composition: HIGH_YTTRIUM, alt: ['高钇型'] },
  {
    id: 'myeu',
    zh: '中钇富铕',
    en: 'Medium-yttrium europium-rich',
    composition: MEDIUM_YTTRIUM_EU_RICH,
    alt: ['中钇富铕型', '中钇'],
  },
  {
    id: 'lyle',
    zh: '低钇低铕',
    en: 'Low-yttrium low-europium',
    composition: LOW_YTTRIUM_LOW_EU,
    alt: ['低钇低铕型', '低钇'],
  },
] as const;

const IONIC_ORE_PRODUCTS: ProductDefinition[] = ORE_TYPES.flatMap((t) =>
  ORE_FORMS.map((f): ProductDefinition => ({
    id: `ore-${t.id}-${f.id}`,
    nameZh: `${t.zh}${f.zh}`,
    nameEn: `${t.en} ${f.en}`,
    aliases: t.alt.map((a) => `${a}${f.zh}`),
    category: 'ore',
    basis: 'reo',
    reoPerKg: 1,
    composition: t.composition,
    hsCode: '25309020',
    oreType: 'ionic',
  })),
);

function singleOxide(
  el: keyof typeof OXIDE_PER_METAL,
  zh: string,
  en: string,
  hsCode: string,
  aliases: string[] = [],
): ProductDefinition {
  return {
    id: `oxide-${el.toLowerCase()}`,
    nameZh: zh,
    nameEn: en,
    aliases,
    category: 'separation',
    basis: 'product',
    // Oxides ≈ purity: commercial grades are ≥ 99% TREO.
    reoPerKg: 0.99,
    composition: { [el]: 1 },
    hsCode,
  };
}

function metal(
  el: keyof typeof OXIDE_PER_METAL,
  zh: string,
  en: string,
  hsCode: string,
  aliases: string[] = [],
): ProductDefinition {
  return {
    id: `metal-${el.toLowerCase()}`,
    nameZh: zh,
    nameEn: en,
    aliases,
    category: 'metal',
    basis: 'product',
    reoPerKg: OXIDE_PER_METAL[el],
    composition: { [el]: 1 },
    hsCode,
  };
}

export const SHIPPED_PRODUCTS: readonly ProductDefinition[] = [
  ...IONIC_ORE_PRODUCTS,
  {
    id: 'ore-concentrate-baiyunebo',
    nameZh: '稀土精矿',
    nameEn: 'Rare earth concentrate (Bayan Obo)',
    aliases: ['包头稀土精矿', '混合型稀土精矿', '轻稀土精矿', '稀土精矿(REO)', 'rare earth concentrate'],
    category: 'ore',
    basis: 'reo',
    reoPerKg: 1,
    composition: BAYAN_OBO,
    hsCode: '25309020',
    oreType: 'rock',
  },
  {
    id: 'ore-concentrate-bastnasite',
    nameZh: '氟碳铈矿精矿',
    nameEn: 'Bastnäsite concentrate (Sichuan)',
    aliases: ['氟碳铈精矿', '四川稀土精矿', 'bastnasite concentrate'],
    category: 'ore',
    basis: 'reo',
    reoPerKg: 1,
    composition: MIANNING_BASTNASITE,
    hsCode: '25309020',
    oreType: 'rock',
  },
  singleOxide('La', '氧化镧', 'Lanthanum oxide', '28469012', ['La2O3']),
  singleOxide('Ce', '氧化铈', 'Cerium oxide', '28461010', ['CeO2']),
  singleOxide('Pr', '氧化镨', 'Praseodymium oxide', '28469017', ['Pr6O11']),
  singleOxide('Nd', '氧化钕', 'Neodymium oxide', '28469013', ['Nd2O3']),
  singleOxide('Sm', '氧化钐', 'Samarium oxide', '28469019', ['Sm2O3']),
  singleOxide('Eu', '氧化铕', 'Europium oxide', '28469014', ['Eu2O3']),
  singleOxide('Gd', '氧化钆', 'Gadolinium oxide', '28469019', ['Gd2O3']),
  singleOxide('Tb', '氧化铽', 'Terbium oxide', '28469016', ['Tb4O7']),
  singleOxide('Dy', '氧化镝', 'Dysprosium oxide', '28469015', ['Dy2O3']),
  singleOxide('Ho', '氧化钬', 'Holmium oxide', '28469019', ['Ho2O3']),
  singleOxide('Er', '氧化铒', 'Erbium oxide', '28469019', ['Er2O3']),
  singleOxide('Y', '氧化钇', 'Yttrium oxide', '28469011', ['Y2O3']),
  {
    id: 'oxide-prnd',
    nameZh: '氧化镨钕',
    nameEn: 'Praseodymium-neodymium oxide',
    aliases: ['镨钕氧化物', 'PrNd oxide', '氧化镨钕(PrNd)'],
    category: 'separation',
    basis: 'product',
    reoPerKg: 0.99,
    composition: PRND_OXIDE,
    hsCode: '28469019',
  },
  {
    id: 'oxide-lace',
    nameZh: '氧化镧铈',
    nameEn: 'Lanthanum-cerium oxide',
    aliases: ['镧铈氧化物'],
    category: 'separation',
    basis: 'product',
    reoPerKg: 0.99,
    composition: { La: 0.35, Ce: 0.65 },
    hsCode: '28469019',
  },
  {
    id: 'compound-re-chloride',
    nameZh: '氯化稀土',
    nameEn: 'Rare earth chloride',
    aliases: ['混合氯化稀土', '稀土氯化物', 'RE chloride'],
    category: 'separation',
    basis: 'product',
    reoPerKg: 0.46,
    composition: BAYAN_OBO,
    hsCode: '28469099',
    specOverride: true,
  },
  {
    id: 'compound-re-carbonate',
    nameZh: '碳酸稀土',
    nameEn: 'Rare earth carbonate',
    aliases: ['混合碳酸稀土', '稀土碳酸盐', '轻稀土碳酸盐', 'RE carbonate', 'mixed carbonate'],
    category: 'separation',
    basis: 'product',
    // Mixed carbonate 42–45% REO (domain.md §5, §7).
    reoPerKg: 0.45,
    composition: BAYAN_OBO,
    hsCode: '28469099',
    specOverride: true,
  },
  metal('La', '金属镧', 'Lanthanum metal', '28053014', ['镧金属']),
  metal('Ce', '金属铈', 'Cerium metal', '28053015', ['铈金属']),
  metal('Pr', '金属镨', 'Praseodymium metal', '28053016', ['镨金属']),
  metal('Nd', '金属钕', 'Neodymium metal', '28053011', ['钕金属']),
  metal('Dy', '金属镝', 'Dysprosium metal', '28053012', ['镝金属']),
  metal('Tb', '金属铽', 'Terbium metal', '28053013', ['铽金属']),
  {
    id: 'metal-prnd',
    nameZh: '镨钕金属',
    nameEn: 'Praseodymium-neodymium metal',
    aliases: ['金属镨钕', 'PrNd metal'],
    category: 'metal',
    basis: 'product',
    reoPerKg: PRND_METAL_OXIDE_PER_KG,
    composition: PRND_METAL,
    hsCode: '28053029',
  },
  {
    id: 'alloy-dyfe',
    nameZh: '镝铁合金',
    nameEn: 'Dysprosium-iron alloy',
    aliases: ['镝铁', 'DyFe alloy'],
    category: 'alloy',
    basis: 'product',
    // Dy 80% by weight (the common grade); a `Dy≥78%` in the specification overrides it.
    reoPerKg: 0.8 * OXIDE_PER_METAL.Dy,
    composition: { Dy: 1 },
    hsCode: '28053029',
    specOverride: true,
  },
  {
    id: 'recycled-ndfeb-scrap',
    nameZh: '钕铁硼废料',
    nameEn: 'NdFeB magnet scrap',
    aliases: ['钕铁硼废料(REO)', '钕铁硼边角料', '钕铁硼磁材废料', 'NdFeB scrap'],
    category: 'recycled',
    basis: 'product',
    // Roughly 25–30% REO by weight (domain.md §5).
    reoPerKg: 0.28,
    composition: NDFEB_SCRAP,
    specOverride: true,
  },
  {
    id: 'recycled-ndfeb-sludge',
    nameZh: '钕铁硼油泥',
    nameEn: 'NdFeB grinding sludge',
    aliases: ['钕铁硼磨削油泥'],
    category: 'recycled',
    basis: 'product',
    reoPerKg: 0.2,
    composition: NDFEB_SCRAP,
    specOverride: true,
  },
  {
    id: 'recycled-polishing-powder',
    nameZh: '废稀土抛光粉',
    nameEn: 'Spent rare earth polishing powder',
    aliases: ['抛光粉废料', '稀土抛光粉废料'],
    category: 'recycled',
    basis: 'product',
    reoPerKg: 0.4,
    composition: { Ce: 0.65, La: 0.33, Pr: 0.02 },
    specOverride: true,
  },
  {
    id: 'recycled-phosphor',
    nameZh: '废稀土荧光粉',
    nameEn: 'Spent rare earth phosphor',
    aliases: ['荧光粉废料', '稀土荧光粉废料'],
    category: 'recycled',
    basis: 'product',
    reoPerKg: 0.2,
    composition: PHOSPHOR_WASTE,
    specOverride: true,
  },
  {
    id: 'fee-processing',
    nameZh: '加工费',
    nameEn: 'Processing fee',
    aliases: ['稀土加工费', '委托加工费', '加工劳务', '分离加工费', 'processing fee'],
    category: 'fee',
    basis: 'product',
    reoPerKg: 0,
    composition: {},
  },
];
