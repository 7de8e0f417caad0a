// Plausible Chinese enterprise names: [place] + 字号 (trade name) + industry words + legal form,
// e.g. 包头市鑫瑞稀土高科有限公司, 龙南县恒源稀土矿业有限公司, 宁波金力磁材科技有限公司,
// 上海嘉泓贸易有限公司. Trade names are drawn from two-character combinations of characters common
// in Chinese company names; names are generated, so any resemblance to a real company is chance.
import type { Rng } from './prng.ts';

const FIRST = [
  '华',
  '金',
  '鑫',
  '恒',
  '瑞',
  '宏',
  '盛',
  '嘉',
  '泰',
  '永',
  '广',
  '晨',
  '新',
  '东',
  '海',
  '中',
  '利',
  '正',
  '博',
  '和',
  '远',
  '兴',
  '长',
  '富',
  '隆',
  '聚',
  '鼎',
  '宝',
  '伟',
  '润',
  '国',
  '佳',
  '天',
  '创',
  '德',
  '汇',
  '开',
  '奥',
  '恩',
  '凯',
  '明',
  '科',
  '昌',
  '乾',
  '荣',
  '世',
  '通',
  '信',
  '亿',
  '银',
  '源',
  '泓',
  '星',
  '卓',
];

const SECOND = [
  '达',
  '源',
  '泰',
  '丰',
  '盛',
  '兴',
  '业',
  '鑫',
  '诚',
  '通',
  '宇',
  '瑞',
  '昌',
  '利',
  '邦',
  '辉',
  '龙',
  '成',
  '华',
  '海',
  '峰',
  '祥',
  '胜',
  '远',
  '力',
  '晟',
  '益',
  '泓',
  '恒',
  '耀',
  '卓',
  '锐',
  '凯',
  '联',
  '润',
  '旺',
  '安',
  '基',
  '川',
  '腾',
  '合',
  '悦',
  '荣',
  '嘉',
  '晖',
  '升',
  '港',
  '洲',
  '汇',
  '科',
];

/** Industry words and legal forms by kind of enterprise. */
const PATTERNS: Readonly<Record<string, readonly string[]>> = {
  mine: ['稀土矿业有限公司', '矿业有限公司', '稀土矿业有限责任公司', '稀土开发有限公司'],
  sep: [
    '稀土有限公司',
    '稀土冶炼分离有限公司',
    '稀土新材料股份有限公司',
    '稀土高科有限公司',
    '稀土材料有限公司',
    '稀土冶炼有限公司',
  ],
  metal: [
    '稀土金属有限公司',
    '稀土新材料有限公司',
    '金属材料有限公司',
    '稀土金属材料有限公司',
    '新材料科技有限公司',
  ],
  recycler: ['资源综合利用有限公司', '再生资源有限公司', '稀土回收科技有限公司', '资源循环利用有限公司'],
  trader: [
    '贸易有限公司',
    '商贸有限公司',
    '实业有限公司',
    '物资有限公司',
    '国际贸易有限公司',
    '稀土贸易有限公司',
    '供应链管理有限公司',
  ],
  exporter: ['进出口有限公司', '国际贸易有限公司', '进出口贸易有限公司'],
  magnet: ['磁材科技有限公司', '磁业有限公司', '永磁科技有限公司', '磁性材料有限公司', '磁电科技有限公司'],
  phosphor: ['荧光材料有限公司', '发光材料科技有限公司', '照明材料有限公司'],
  catalyst: ['催化剂有限公司', '抛光材料有限公司', '新材料有限公司', '玻璃材料有限公司'],
  alloy: ['储氢合金有限公司', '合金材料有限公司', '特种合金有限公司'],
};

/** The name pattern family of an enterprise kind. */
export function nameFamily(kind: string): string {
  if (kind.startsWith('mine')) return 'mine';
  if (kind.startsWith('sep')) return 'sep';
  if (kind === 'metal') return 'metal';
  if (kind === 'recycler') return 'recycler';
  if (kind.startsWith('trader')) return 'trader';
  if (kind === 'exporter') return 'exporter';
  if (kind === 'user-magnet') return 'magnet';
  if (kind === 'user-phosphor') return 'phosphor';
  if (kind === 'user-catalyst') return 'catalyst';
  return 'alloy';
}

/**
 * A unique enterprise name for a kind and place. `taken` holds names already given.
 * @example enterpriseName(rng, 'sep-light', '包头市', '青山区', new Set()) // e.g. '包头市鑫瑞稀土有限公司'
 */
export function enterpriseName(
  rng: Rng,
  kind: string,
  city: string,
  county: string,
  taken: Set<string>,
): string {
  const family = nameFamily(kind);
  const patterns = PATTERNS[family] ?? PATTERNS.trader ?? [];
  for (let attempt = 0; attempt < 200; attempt++) {
    const trade = `${rng.pick(FIRST)}${rng.pick(SECOND)}`;
    if (trade[0] === trade[1]) continue;
    // Mines and plants are usually named after their county; traders and users after their city,
    // with or without 市; a share carries no place at all (registered under a brand).
    const r = rng.next();
    let place: string;
    if (
      (family === 'mine' || family === 'sep' || family === 'recycler') &&
      r < 0.45 &&
      !county.endsWith('区')
    )
      place = county;
    else if (r < 0.75) place = rng.chance(0.5) && !/^(北京|上海|天津)$/.test(city) ? `${city}市` : city;
    else place = '';
    const name = `${place}${trade}${rng.pick(patterns)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  throw new Error('could not find a unique enterprise name');
}
