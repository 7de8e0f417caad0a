import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkTaxId,
  createCatalogue,
  dayNumberOf,
  fenToYuanText,
  findGroup,
  findRegionByName,
  getRegion,
  isWithinRegion,
  isoDateOf,
  makeUscc,
  parseExactDecimal,
  parseQuotaKind,
  parseRoles,
  parseUnit,
  reoPerKgForLine,
  vatRateOn,
  yuanTextToFen,
  ELEMENTS,
  SHIPPED_PRODUCTS,
  REGIONS,
} from './index.ts';

describe('taxpayer IDs', () => {
  it('accepts the published valid USCC example', () => {
    const c = checkTaxId('91110000600037341L');
    expect(c).toMatchObject({ kind: 'uscc', checksumOk: true, orgCodeOk: true, regionCode: '110000' });
  });
  it('flags a wrong check character but still reads the ID', () => {
    expect(checkTaxId('91110000600037341M')).toMatchObject({ kind: 'uscc', checksumOk: false });
  });
  it('normalises full-width and lower case', () => {
    expect(checkTaxId(' ９１１１００００６０００３７３４１l ')?.normalized).toBe('91110000600037341L');
  });
  it('reads 15-character legacy IDs and rejects impossible ones', () => {
    expect(checkTaxId('150203600037341')).toMatchObject({ kind: 'legacy15', regionCode: '150203' });
    expect(checkTaxId('9111000060003734')).toBeUndefined();
    expect(checkTaxId('91110000600037341I')).toBeUndefined(); // I is not in the USCC alphabet
  });
  it('makes codes that pass both checks', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{8}$/), (body) => {
        const id = makeUscc('91', '150200', body);
        const c = checkTaxId(id);
        return c?.checksumOk === true && c.orgCodeOk === true && c.regionCode === '150200';
      }),
    );
  });
});

describe('VAT schedule', () => {
  it('follows the 17/16/13% transitions', () => {
    expect(vatRateOn('2013-08-15')).toBe(0.17);
    expect(vatRateOn('2018-04-30')).toBe(0.17);
    expect(vatRateOn('2018-05-01')).toBe(0.16);
    expect(vatRateOn('2019-03-31')).toBe(0.16);
    expect(vatRateOn('2019-04-01')).toBe(0.13);
  });
});

describe('decimals and money', () => {
  it('parses what people type', () => {
    expect(parseExactDecimal('1,234.50')?.text).toBe('1234.5');
    expect(parseExactDecimal('－１２.００')?.text).toBe('-12');
    expect(parseExactDecimal('(5.5)')?.text).toBe('-5.5');
    expect(parseExactDecimal('1.2E+19')).toBeUndefined();
    expect(parseExactDecimal('abc')).toBeUndefined();
    expect(parseExactDecimal('-0.00')?.text).toBe('0');
  });
  it('converts yuan to fen exactly and back', () => {
    expect(yuanTextToFen('461538.46')).toBe(46153846);
    expect(yuanTextToFen('-12.345')).toBe(-1235);
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => yuanTextToFen(fenToYuanText(fen)) === fen),
    );
  });
});

describe('dates', () => {
  it('round-trips day numbers and refuses impossible dates', () => {
    expect(isoDateOf(dayNumberOf('2013-08-15') ?? 0)).toBe('2013-08-15');
    expect(dayNumberOf('2013-02-29')).toBeUndefined();
    expect(dayNumberOf('2012-02-29')).toBeDefined();
  });
});

describe('units, roles, groups, quota kinds', () => {
  it('reads units in Chinese and English', () => {
    expect(parseUnit('公斤')?.kgPerUnit).toBe(1);
    expect(parseUnit('千克')?.id).toBe('kg');
    expect(parseUnit('吨')?.kgPerUnit).toBe(1000);
    expect(parseUnit('公吨')?.id).toBe('t');
    expect(parseUnit('克')?.allowedOnRareEarthInvoice).toBe(false);
    expect(parseUnit('箱')).toBeUndefined();
  });
  it('reads role lists with every separator', () => {
    expect(parseRoles('开采、冶炼分离;trading,综合利用')).toEqual({
      roles: ['mining', 'separation', 'trading', 'recycling'],
      unknown: [],
    });
    expect(parseRoles('开采;造纸').unknown).toEqual(['造纸']);
  });
  it('finds groups and quota kinds', () => {
    expect(findGroup('北方稀土')?.id).toBe('northern');
    expect(parseQuotaKind('矿产品（离子型）')).toBe('mining_ionic');
    expect(parseQuotaKind('mining_rock')).toBe('mining_rock');
    expect(parseQuotaKind('冶炼分离')).toBe('separation');
  });
});

describe('regions', () => {
  it('covers every province and the rare earth prefectures', () => {
    expect(REGIONS.filter((r) => r.level === 'province')).toHaveLength(34);
    expect(getRegion('150204')?.nameZh).toBe('包头市');
    expect(findRegionByName('赣州')?.code).toBe('360700');
    expect(findRegionByName('Baotou')?.code).toBe('150200');
    expect(findRegionByName('内蒙古')?.code).toBe('150000');
    expect(findRegionByName('北京')?.code).toBe('110000');
    expect(findRegionByName('凉山')?.code).toBe('513400');
  });
  it('scopes codes to provinces and cities', () => {
    expect(isWithinRegion('150204', '150000')).toBe(true);
    expect(isWithinRegion('150204', '150200')).toBe(true);
    expect(isWithinRegion('360702', '150000')).toBe(false);
    expect(isWithinRegion('150304', '150200')).toBe(false);
  });
});

describe('catalogue', () => {
  const catalogue = createCatalogue();
  it('ships every product the issue names with compositions summing to 1', () => {
    const ids = new Set(catalogue.products.map((p) => p.id));
    for (const id of [
      'ore-hy-oxide',
      'ore-myeu-carbonate',
      'ore-lyle-oxalate',
      'oxide-prnd',
      'oxide-dy',
      'oxide-tb',
      'oxide-y',
      'metal-prnd',
      'metal-nd',
      'alloy-dyfe',
      'recycled-ndfeb-scrap',
      'fee-processing',
      'compound-re-chloride',
      'compound-re-carbonate',
    ])
      expect(ids).toContain(id);
    for (const p of catalogue.products) {
      const sum = ELEMENTS.reduce((s, e) => s + (p.composition[e] ?? 0), 0);
      if (p.category === 'fee') expect(sum).toBe(0);
      else expect(sum).toBeCloseTo(1, 12);
    }
    expect(new Set(SHIPPED_PRODUCTS.map((p) => p.id)).size).toBe(SHIPPED_PRODUCTS.length);
  });
  it('matches item names through the prefix, aliases and full-width forms', () => {
    expect(catalogue.matchItemName('*稀土冶炼分离产品*氧化镨钕')).toEqual({
      productId: 'oxide-prnd',
      prefix: '稀土冶炼分离产品',
      prefixMismatch: false,
    });
    expect(catalogue.matchItemName('＊稀土冶炼分离产品＊氧化镝').productId).toBe('oxide-dy');
    expect(catalogue.matchItemName('氧化镨钕（99.5%）').productId).toBe('oxide-prnd');
    expect(catalogue.matchItemName('*稀土矿产品*中钇富铕混合碳酸稀土').productId).toBe('ore-myeu-carbonate');
    expect(catalogue.matchItemName('*稀土矿产品*氧化镝').prefixMismatch).toBe(true);
    expect(catalogue.matchItemName('*有色金属*铜精矿').productId).toBeUndefined();
  });
  it('derives REO per kg from the specification only where it may', () => {
    const carbonate = catalogue.getProductOrThrow('compound-re-carbonate');
    expect(reoPerKgForLine(carbonate, 'REO 42%')).toBe(0.42);
    expect(reoPerKgForLine(carbonate, undefined)).toBe(0.45);
    expect(reoPerKgForLine(catalogue.getProductOrThrow('ore-hy-oxide'), 'REO 92%')).toBe(1);
    expect(reoPerKgForLine(catalogue.getProductOrThrow('alloy-dyfe'), 'Dy≥78%')).toBeCloseTo(
      0.78 * 1.1477,
      10,
    );
    expect(reoPerKgForLine(catalogue.getProductOrThrow('oxide-prnd'), 'TREO≥99%')).toBe(0.99);
  });
  it('applies user overrides and new products', () => {
    const c = createCatalogue([
      { id: 'oxide-prnd', aliases: ['镨钕'] },
      {
        id: 'user-x',
        nameZh: '氧化镥',
        nameEn: 'Lutetium oxide',
        category: 'separation',
        basis: 'product',
        reoPerKg: 0.99,
        composition: { Lu: 1 },
      },
    ]);
    expect(c.matchItemName('镨钕').productId).toBe('oxide-prnd');
    expect(c.matchItemName('*稀土冶炼分离产品*氧化镥').productId).toBe('user-x');
  });
});
