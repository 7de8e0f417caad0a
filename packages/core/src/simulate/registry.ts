// The simulated registry: who the enterprises are, where, in which group, with which taxpayer ID,
// and which part each plays (legal, a planted violation, exposed, dormant). Counts follow the seed
// (1,594 mining, smelting, separation and trading enterprises) and scale with `enterprises`.
import type { EnterpriseRole } from '../domain/roles.ts';
import { daysInYear, isoDateOf, dayNumberOrThrow } from '../domain/dates.ts';
import { makeUscc, orgCodeCheckChar } from '../domain/tax-id.ts';
import { getRegion } from '../domain/regions.ts';
import type { Rng } from './prng.ts';
import { enterpriseName } from './names.ts';
import { CITY_SHORT, COUNTIES, IONIC_MINE_PLACES, PLACES, PROVINCE_GROUP } from './places.data.ts';
import type { PlaceWeights } from './places.data.ts';
import { groupOfYear } from './facts.ts';
import type { EnterpriseKind, Part, SimEnterprise } from './model.ts';

interface KindSpec {
  readonly kind: EnterpriseKind;
  /** Share of the registry; undefined for the remainder kind. */
  readonly share?: number;
  readonly min: number;
}

// Shares of the 1,594 (unverified, shaped after the industry of 2013: ~100 ionic mining licences,
// ~60–100 separation plants before consolidation, hundreds of traders and magnet makers).
const KIND_SPECS: readonly KindSpec[] = [
  { kind: 'mine-baiyunebo', share: 0, min: 1 },
  { kind: 'mine-bastnasite', share: 0.0045, min: 3 },
  { kind: 'mine-ionic', share: 0.058, min: 8 },
  { kind: 'sep-light', share: 0.014, min: 4 },
  { kind: 'sep-bastnasite', share: 0.008, min: 2 },
  { kind: 'sep-ionic', share: 0.021, min: 4 },
  { kind: 'metal', share: 0.06, min: 8 },
  { kind: 'recycler', share: 0.023, min: 3 },
  { kind: 'trader-oxide', min: 40 },
  { kind: 'trader-metal', share: 0.16, min: 12 },
  { kind: 'exporter', share: 0.045, min: 5 },
  { kind: 'user-magnet', share: 0.2, min: 18 },
  { kind: 'user-phosphor', share: 0.02, min: 3 },
  { kind: 'user-catalyst', share: 0.03, min: 3 },
  { kind: 'user-alloy', share: 0.015, min: 2 },
];

const KIND_ROLES: Readonly<Record<EnterpriseKind, EnterpriseRole[]>> = {
  'mine-baiyunebo': ['mining'],
  'mine-bastnasite': ['mining'],
  'mine-ionic': ['mining'],
  'sep-light': ['separation'],
  'sep-bastnasite': ['separation'],
  'sep-ionic': ['separation'],
  metal: ['metal'],
  recycler: ['recycling'],
  'trader-oxide': ['trading'],
  'trader-metal': ['trading'],
  exporter: ['export'],
  'user-magnet': ['user'],
  'user-phosphor': ['user'],
  'user-catalyst': ['user'],
  'user-alloy': ['user'],
};

/** Number of enterprises of each kind for a registry of n. */
export function kindCounts(n: number): Map<EnterpriseKind, number> {
  const counts = new Map<EnterpriseKind, number>();
  let used = 0;
  for (const s of KIND_SPECS) {
    if (s.share === undefined) continue;
    const c = Math.max(s.min, Math.round(s.share * n));
    counts.set(s.kind, c);
    used += c;
  }
  counts.set('trader-oxide', n - used);
  return counts;
}

function pickPlace(rng: Rng, weights: PlaceWeights): string {
  const code = weights[rng.weightedIndex(weights.map((w) => w[1]))]?.[0] ?? '310100';
  const counties = COUNTIES[code];
  if (counties) return rng.pick(counties)[0];
  return code;
}

function countyName(county: string): string {
  const list = COUNTIES[`${county.slice(0, 4)}00`];
  return list?.find((c) => c[0] === county)?.[1] ?? '';
}

/** Scaled count of a designation: the 1,594-enterprise figure × n / 1594, at least `min`. */
function scaled(n: number, at1594: number, min: number): number {
  return Math.max(min, Math.round((at1594 * n) / 1594));
}

const USCC_BODY_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function randomDate(rng: Rng, from: string, to: string): string {
  const a = dayNumberOrThrow(from);
  const b = dayNumberOrThrow(to);
  return isoDateOf(a + rng.int(b - a + 1));
}

/** Share of taxpayer IDs still in the 15-character pre-USCC form in a year (USCC from Oct 2015). */
function legacyIdShare(year: number): number {
  if (year <= 2015) return 0.2;
  if (year <= 2017) return 0.05;
  return 0;
}

/**
 * Builds the registry: kinds, places, parts, names, IDs, groups, founding dates. Opening stocks
 * and planning attributes that depend on flows are set later by the planner.
 */
export function createRegistry(rng: Rng, n: number, year: number): SimEnterprise[] {
  const counts = kindCounts(n);
  const kinds: EnterpriseKind[] = [];
  for (const s of KIND_SPECS) for (let i = 0; i < (counts.get(s.kind) ?? 0); i++) kinds.push(s.kind);
  // The registry lists enterprises in no particular order of kind (as a campaign registers them).
  rng.shuffle(kinds);

  const ents: SimEnterprise[] = kinds.map((kind, index) => {
    let county: string;
    let ore: SimEnterprise['ore'] = null;
    if (kind === 'mine-baiyunebo') {
      county = '150206'; // 白云鄂博矿区
      ore = 'baiyunebo';
    } else if (kind === 'mine-ionic') {
      const p = IONIC_MINE_PLACES[rng.weightedIndex(IONIC_MINE_PLACES.map((x) => x[2]))];
      county = p?.[0] ?? '360727';
      ore = p?.[1] ?? 'myeu';
    } else {
      county = pickPlace(rng, PLACES[kind] ?? PLACES['trader-oxide'] ?? []);
      if (kind === 'mine-bastnasite' || kind === 'sep-bastnasite') ore = 'bastnasite';
      if (kind === 'sep-light') ore = 'baiyunebo';
    }
    const prefecture = `${county.slice(0, 4)}00`;
    const province = `${county.slice(0, 2)}0000`;
    const big = kind.startsWith('sep') || kind === 'mine-baiyunebo';
    return {
      index,
      kind,
      part: 'legal',
      taxId: '',
      name: '',
      roles: [...KIND_ROLES[kind]],
      county,
      prefecture,
      province,
      group: null,
      miningLicence: null,
      founded: '2000-01-01',
      deregistered: null,
      openingStockKg: null,
      size: rng.pareto(big ? 2.5 : 1.3, 40),
      ore,
      scrapSeller: false,
      recycledFeed: false,
      compoundShare: 0,
      metalShare: 0,
      turnover: 1,
      rank: 0,
      activeFrom: 0,
      activeTo: 0,
      ring: -1,
    };
  });

  // Sep-ionic plants are fed the ore of their place; outside the ionic provinces (Yixing) a mix.
  for (const e of ents) {
    if (e.kind === 'sep-ionic') {
      const local = IONIC_MINE_PLACES.filter((p) => p[0].slice(0, 4) === e.county.slice(0, 4));
      e.ore = local.length > 0 ? (rng.pick(local)[1] ?? 'myeu') : rng.pick(['hy', 'myeu', 'lyle'] as const);
    }
  }

  assignParts(rng, ents, n);
  assignIdentity(rng, ents, year);
  return ents;
}

function ofKind(ents: SimEnterprise[], kind: EnterpriseKind, part: Part = 'legal'): SimEnterprise[] {
  return ents.filter((e) => e.kind === kind && e.part === part);
}

function designate(rng: Rng, pool: SimEnterprise[], count: number, part: Part, keep = 0): SimEnterprise[] {
  const available = rng.shuffle([...pool]);
  const chosen = available.slice(0, Math.max(0, Math.min(count, available.length - keep)));
  for (const e of chosen) e.part = part;
  return chosen;
}

function assignParts(rng: Rng, ents: SimEnterprise[], n: number): void {
  // Over-quota mining: mostly ionic mines (the south's "black mines"), some Sichuan rock mines.
  const oqm = scaled(n, 12, 1);
  const oqmRock = ofKind(ents, 'mine-bastnasite').length >= 3 ? Math.floor(oqm / 4) : 0;
  designate(rng, ofKind(ents, 'mine-ionic'), oqm - oqmRock, 'OQM', 4);
  designate(rng, ofKind(ents, 'mine-bastnasite'), oqmRock, 'OQM', 2);

  // Over-quota separation fed with off-book ore: ionic, light and bastnäsite plants.
  const oqs = scaled(n, 14, 2);
  designate(rng, ofKind(ents, 'sep-ionic'), Math.ceil(oqs * 0.5), 'OQS', 2);
  designate(rng, ofKind(ents, 'sep-light'), Math.max(1, Math.round(oqs * 0.3)), 'OQS', 3);
  designate(rng, ofKind(ents, 'sep-bastnasite'), Math.round(oqs * 0.2), 'OQS', 1);
  // Heavy rare earths from light-ore plants.
  designate(rng, ofKind(ents, 'sep-light'), scaled(n, 5, 1), 'HL', 2);
  // Fake recyclers.
  designate(rng, ofKind(ents, 'recycler'), scaled(n, 10, 1), 'FR', 2);
  // Traders: bleachers, pass-through shells, circular rings, exposed traders.
  designate(rng, ofKind(ents, 'trader-oxide'), scaled(n, 30, 2), 'BT');
  designate(rng, ofKind(ents, 'trader-oxide'), scaled(n, 10, 1), 'PT');
  const rings = scaled(n, 4, 1);
  const sizes = [3, 2, 4, 3];
  for (let r = 0; r < rings; r++) {
    const size = sizes[r % sizes.length] ?? 3;
    const pool = r % 2 === 0 ? ofKind(ents, 'trader-oxide') : ofKind(ents, 'trader-metal');
    for (const e of designate(rng, pool, size, 'RING')) e.ring = r;
  }
  designate(rng, ofKind(ents, 'trader-oxide'), scaled(n, 30, 2), 'ET');
  designate(rng, ofKind(ents, 'metal'), scaled(n, 12, 2), 'EM', 4);
  // Buyers of bleached material: metal plants, magnet makers, exporters.
  const bb = scaled(n, 24, 3);
  designate(rng, ofKind(ents, 'metal'), Math.max(1, Math.round(bb * 0.4)), 'BB', 3);
  designate(rng, ofKind(ents, 'user-magnet'), Math.max(1, Math.round(bb * 0.4)), 'BB', 8);
  designate(rng, ofKind(ents, 'exporter'), Math.max(1, bb - 2 * Math.max(1, Math.round(bb * 0.4))), 'BB', 2);
  designate(rng, ofKind(ents, 'exporter'), scaled(n, 15, 1), 'EX', 2);
  // Innocent users exposed through otherwise legal suppliers.
  const eu = scaled(n, 60, 4);
  designate(rng, ofKind(ents, 'user-magnet'), Math.round(eu * 0.65), 'EU', 8);
  const others = [
    ...ofKind(ents, 'user-phosphor'),
    ...ofKind(ents, 'user-catalyst'),
    ...ofKind(ents, 'user-alloy'),
  ];
  designate(rng, others, eu - Math.round(eu * 0.65), 'EU', 3);

  // Dormant: registered, no invoices this year (unrated in every inspection).
  for (const kind of ['trader-oxide', 'trader-metal', 'user-magnet', 'metal', 'exporter'] as const) {
    const pool = ofKind(ents, kind);
    designate(rng, pool, Math.round(pool.length * 0.05), 'dormant', kind === 'metal' ? 4 : 3);
  }

  // Planning attributes of the legal chain.
  const legalMetal = ofKind(ents, 'metal');
  for (const e of rng.shuffle([...legalMetal]).slice(0, Math.max(1, Math.round(legalMetal.length * 0.3))))
    e.recycledFeed = true;
  const legalMagnet = ofKind(ents, 'user-magnet').sort((a, b) => b.size - a.size || a.index - b.index);
  for (const e of legalMagnet.slice(0, Math.max(2, Math.round(legalMagnet.length * 0.5))))
    e.scrapSeller = true;
  for (const e of ents) {
    if (e.kind.startsWith('sep') && e.part === 'legal' && rng.chance(0.25)) {
      e.metalShare = rng.range(0.3, 0.5);
      e.roles.push('metal');
    }
  }
  const light = ofKind(ents, 'sep-light');
  for (const e of rng.shuffle([...light]).slice(0, Math.max(1, Math.round(light.length * 0.3))))
    if (e.metalShare === 0) e.compoundShare = rng.range(0.5, 0.7);
  // Some traders also export; some exporters also trade.
  for (const e of ents) {
    if (e.kind.startsWith('trader') && e.part === 'legal' && rng.chance(0.1)) e.roles.push('export');
    if (e.kind === 'exporter' && rng.chance(0.4)) e.roles.unshift('trading');
  }
  // Trader resale order and turnover (sales ÷ purchases), never within 5% of 1 for a legal trader.
  const traders = ents.filter((e) => e.kind.startsWith('trader'));
  rng.shuffle(traders).forEach((e, i) => {
    e.rank = i;
    e.turnover = rng.chance(0.7) ? rng.range(0.8, 0.94) : rng.range(1.06, 1.12);
  });
}

function assignIdentity(rng: Rng, ents: SimEnterprise[], year: number): void {
  const names = new Set<string>();
  const ids = new Set<string>();
  const yearStart = dayNumberOrThrow(`${year}-01-01`);
  for (const e of ents) {
    const base = PROVINCE_GROUP[e.province];
    const groupable = e.kind.startsWith('mine') || e.kind.startsWith('sep');
    // Quota holders belong to the six groups (the 2013 consolidation plan); some metal plants and
    // traders of the group provinces too.
    if (base && (groupable ? rng.chance(0.9) : e.kind === 'metal' ? rng.chance(0.25) : rng.chance(0.03)))
      e.group = groupOfYear(base, year);
    if (e.kind === 'mine-baiyunebo') e.group = groupOfYear('northern', year);

    // Founding: legal enterprises are established firms (so that no legal one looks short-lived).
    e.founded = randomDate(rng, '1992-01-01', `${year - 2}-06-30`);
    if (e.part === 'PT') e.founded = randomDate(rng, `${year - 3}-01-01`, `${year - 1}-06-30`);
    if (e.part === 'BT') {
      // A bleaching trader: set up weeks or months before it starts invoicing, active 60–130 days,
      // deregistered soon after (domain.md §8), so that its ID is of its founding year too.
      const len = rng.intRange(60, 130);
      e.activeFrom = rng.intRange(20, Math.max(21, daysInYear(year) - len - 20));
      e.activeTo = e.activeFrom + len;
      e.founded = isoDateOf(yearStart + e.activeFrom - rng.intRange(25, 150));
      e.deregistered = isoDateOf(yearStart + e.activeTo + rng.intRange(15, 60));
    }

    const city = CITY_SHORT[e.prefecture] ?? getRegion(e.prefecture)?.nameZh.replace(/市$/, '') ?? '';
    e.name = enterpriseName(rng, e.kind, city, countyName(e.county), names);

    // Taxpayer ID: a USCC (authority 9, type 1, county code, organization code), or for a share
    // of pre-2016 registrations the 15-character ID (county code + organization code).
    for (;;) {
      const foundedYear = Number(e.founded.slice(0, 4));
      let body = '';
      if (foundedYear >= 2016) {
        body = 'MA';
        for (let i = 0; i < 6; i++) body += USCC_BODY_CHARS[rng.int(USCC_BODY_CHARS.length)];
      } else {
        for (let i = 0; i < 8; i++) body += String(rng.int(10));
      }
      const legacy = foundedYear < 2016 && rng.chance(legacyIdShare(year));
      const id = legacy
        ? `${e.county}${body}${orgCodeCheckChar(body) ?? '0'}`
        : makeUscc('91', e.county, body);
      if (!ids.has(id)) {
        ids.add(id);
        e.taxId = id;
        break;
      }
    }
    if (e.kind.startsWith('mine')) {
      const issued = Math.min(year - 1, 2003 + rng.int(Math.max(1, year - 2004)));
      e.miningLicence = `C${e.province}${issued}${String(rng.intRange(1, 12)).padStart(2, '0')}${String(rng.int(10_000_000_000)).padStart(10, '0')}`;
    }
    if (e.part === 'dormant' && rng.chance(0.25)) {
      e.deregistered = isoDateOf(yearStart + rng.intRange(30, 330));
    }
  }
}
