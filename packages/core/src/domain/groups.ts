// The large state groups the industry was consolidated into (domain.md §1).

export interface GroupDefinition {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Province codes where the group's mines and plants mainly sit. */
  readonly provinces: readonly string[];
  readonly aliases: readonly string[];
}

export const GROUPS: readonly GroupDefinition[] = [
  {
    id: 'northern',
    nameZh: '中国北方稀土(集团)高科技股份有限公司',
    nameEn: 'China Northern Rare Earth Group',
    provinces: ['150000'],
    aliases: ['北方稀土', '包钢稀土', 'Northern Rare Earth'],
  },
  {
    id: 'chinalco',
    nameZh: '中国稀有稀土股份有限公司',
    nameEn: 'China Rare Metal & Rare Earth (Chinalco)',
    provinces: ['510000', '370000', '450000', '320000'],
    aliases: ['中铝稀土', '中国稀有稀土', 'Chinalco Rare Earth'],
  },
  {
    id: 'minmetals',
    nameZh: '五矿稀土集团有限公司',
    nameEn: 'China Minmetals Rare Earth Group',
    provinces: ['430000', '530000'],
    aliases: ['五矿稀土', 'Minmetals Rare Earth'],
  },
  {
    id: 'southern',
    nameZh: '中国南方稀土集团有限公司',
    nameEn: 'China Southern Rare Earth Group',
    provinces: ['360000'],
    aliases: ['南方稀土', '赣州稀土', 'Southern Rare Earth'],
  },
  {
    id: 'xiamen-tungsten',
    nameZh: '厦门钨业股份有限公司',
    nameEn: 'Xiamen Tungsten',
    provinces: ['350000'],
    aliases: ['厦门钨业', '厦钨', 'Xiamen Tungsten'],
  },
  {
    id: 'guangdong',
    nameZh: '广东省稀土产业集团有限公司',
    nameEn: 'Guangdong Rising Rare Earth Group',
    provinces: ['440000'],
    aliases: ['广东稀土', '广晟', 'Guangdong Rare Earth'],
  },
  {
    id: 'china-rare-earth',
    nameZh: '中国稀土集团有限公司',
    nameEn: 'China Rare Earth Group',
    provinces: ['360000', '430000', '530000', '510000', '370000', '450000', '320000'],
    aliases: ['中国稀土集团', 'China Rare Earth Group'],
  },
];

/**
 * A group by id, Chinese or English name or alias; undefined for an unknown name (which is kept
 * as typed: groups outside the shipped list are legitimate).
 * @example findGroup('北方稀土')?.id // 'northern'
 */
export function findGroup(name: string): GroupDefinition | undefined {
  const key = name.normalize('NFKC').trim().toLowerCase();
  return GROUPS.find((g) =>
    [g.id, g.nameZh, g.nameEn, ...g.aliases].some((n) => n.normalize('NFKC').toLowerCase() === key),
  );
}

/** Quota kinds (formats.md §4). */
export const QUOTA_KINDS = ['mining_rock', 'mining_ionic', 'separation'] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

export const QUOTA_KIND_LABELS: Readonly<Record<QuotaKind, { zh: string; en: string }>> = {
  mining_rock: { zh: '矿产品(岩矿型)', en: 'Mining (rock-type)' },
  mining_ionic: { zh: '矿产品(离子型)', en: 'Mining (ionic)' },
  separation: { zh: '冶炼分离', en: 'Smelting & separation' },
};

/**
 * Parses a quota kind in Chinese or English.
 * @example parseQuotaKind('矿产品（离子型）') // 'mining_ionic'
 */
export function parseQuotaKind(text: string): QuotaKind | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (t === 'mining_rock' || /岩矿/.test(t) || t === 'rock' || t === 'mining-rock') return 'mining_rock';
  if (t === 'mining_ionic' || /离子/.test(t) || t === 'ionic' || t === 'mining-ionic') return 'mining_ionic';
  if (t === 'separation' || /冶炼|分离/.test(t)) return 'separation';
  return undefined;
}
