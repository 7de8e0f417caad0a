// GB/T 2260 administrative divisions. Enterprises carry a 6-digit division code (from the
// registry, or positions 3–8 of their USCC); inspectors are scoped to province or city codes.
import { REGION_RECORDS } from './regions.data.ts';

export type RegionLevel = 'province' | 'prefecture';

export interface RegionRecord {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly level: RegionLevel;
}

export interface Region extends RegionRecord {
  /** Province code for a prefecture, undefined for a province. */
  readonly parent: string | undefined;
}

const REGIONS_BY_CODE: ReadonlyMap<string, Region> = new Map(
  REGION_RECORDS.map((r) => [
    r.code,
    { ...r, parent: r.level === 'province' ? undefined : provinceCodeOf(r.code) },
  ]),
);

/** Every region shipped with the project, in code order. */
export const REGIONS: readonly Region[] = [...REGIONS_BY_CODE.values()];

const SUFFIXES = /(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|地区|盟|自治州|市辖区)$/;

function nameKeys(region: Region): string[] {
  const zh = region.nameZh;
  const keys = [zh, zh.replace(SUFFIXES, ''), region.nameEn.toLowerCase()];
  // 内蒙古自治区 → 内蒙古; 凉山彝族自治州 → 凉山
  const short = zh.replace(
    /(壮族|回族|维吾尔|彝族|藏族|羌族|苗族|土家族|哈尼族|傣族|白族|景颇族|傈僳族|蒙古族|朝鲜族|布依族|侗族)+自治(州|区)$/,
    '',
  );
  keys.push(short, short.replace(SUFFIXES, ''));
  return keys.filter((k) => k.length >= 2);
}

const REGIONS_BY_NAME: ReadonlyMap<string, Region> = (() => {
  const map = new Map<string, Region>();
  // Provinces first so that a bare name shared by a province and a city (北京) means the province.
  for (const level of ['province', 'prefecture'] as const) {
    for (const r of REGIONS)
      if (r.level === level) for (const k of nameKeys(r)) if (!map.has(k)) map.set(k, r);
  }
  return map;
})();

/** The province code (`xx0000`) of any 6-digit division code. */
export function provinceCodeOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/** The prefecture code (`xxyy00`) of any 6-digit division code. */
export function prefectureCodeOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

/**
 * A shipped region by its code; a county code (`xxyyzz`) resolves to its prefecture or province.
 * @example getRegion('150204')?.nameZh // '包头市'
 */
export function getRegion(code: string): Region | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  return (
    REGIONS_BY_CODE.get(code) ??
    REGIONS_BY_CODE.get(prefectureCodeOf(code)) ??
    REGIONS_BY_CODE.get(provinceCodeOf(code))
  );
}

/**
 * A region by name, Chinese or English, with or without its suffix (包头, 包头市, Baotou).
 * @example findRegionByName('赣州')?.code // '360700'
 */
export function findRegionByName(name: string): Region | undefined {
  const key = name.normalize('NFKC').trim();
  return (
    REGIONS_BY_NAME.get(key) ??
    REGIONS_BY_NAME.get(key.toLowerCase()) ??
    REGIONS_BY_NAME.get(key.replace(SUFFIXES, ''))
  );
}

/**
 * True when division `code` lies within `scope` (a province, prefecture or exact code).
 * This is the test behind inspectors' regional scoping.
 * @example isWithinRegion('150204', '150000') // true
 */
export function isWithinRegion(code: string, scope: string): boolean {
  if (!/^\d{6}$/.test(code) || !/^\d{6}$/.test(scope)) return false;
  if (scope.endsWith('0000')) return code.slice(0, 2) === scope.slice(0, 2);
  if (scope.endsWith('00')) return code.slice(0, 4) === scope.slice(0, 4);
  return code === scope;
}

/** Human label of a code: `内蒙古自治区 包头市` / `Inner Mongolia, Baotou`. */
export function regionLabel(code: string, lang: 'zh' | 'en'): string {
  const province = REGIONS_BY_CODE.get(provinceCodeOf(code));
  const prefecture = code.endsWith('0000') ? undefined : REGIONS_BY_CODE.get(prefectureCodeOf(code));
  const parts = [province, prefecture].filter((r): r is Region => r !== undefined);
  if (parts.length === 0) return code;
  return lang === 'zh' ? parts.map((r) => r.nameZh).join(' ') : parts.map((r) => r.nameEn).join(', ');
}
