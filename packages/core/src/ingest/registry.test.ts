import { describe, expect, it } from 'vitest';
import { createCsvParser, EnterpriseFlag } from './index.ts';
import type { ImportKind } from './index.ts';
import { catalogue, runParser } from './test-helpers.ts';
import { readFileSync } from 'node:fs';

/** Bytes of a file under the repository's fixtures/ folder. */
const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url)));

const parse = <K extends ImportKind>(kind: K, bytes: Uint8Array, source = 'r.csv') =>
  runParser(createCsvParser(kind, { source, catalogue }), bytes);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('enterprises (fixtures/registry/enterprises.gbk.csv)', () => {
  const out = parse('enterprises', fixture('registry/enterprises.gbk.csv'), 'enterprises.gbk.csv');
  it('reads roles, regions (code, place name, from the USCC), groups, dates, stock and extra columns', () => {
    expect(out.fatal).toBeNull();
    expect(out.issues).toEqual([]);
    expect(
      out.records.map((r) => [
        r.row,
        r.taxId,
        r.roles,
        r.region,
        r.group,
        r.founded,
        r.deregistered,
        r.openingStockKg,
        r.flags,
      ]),
    ).toEqual([
      [2, '911502007012888877', ['separation'], '150200', 'northern', '1998-03-12', null, 1250500, 0],
      [3, '91150200058673312Q', ['trading', 'export'], '150200', null, '2012-11-20', '2014-02-28', null, 0], // 包头
      [4, '91150200761066880T', ['metal'], '150200', 'northern', '2004-06-01', null, 80000, 0], // from the USCC
      [
        5,
        '9136070078142266X5',
        ['separation', 'recycling'],
        '360700',
        'southern',
        '2003-09-09',
        null,
        312250,
        0,
      ], // 赣州市
      [6, '913607001583662133', ['mining'], '360700', 'southern', '2001-01-15', null, null, 0],
      [7, '91360700693760052R', ['recycling'], '360700', null, '2011-05-30', null, 12000, 0],
      [8, '91330200144077533C', ['user', 'export'], '330200', null, '1995-08-08', null, null, 0], // Ningbo
      [9, '91513400209655411N', ['mining', 'separation'], '513400', 'chinalco', '2006-12-01', null, null, 0], // 凉山
      [10, '360702745599820', ['trading'], '360702', null, '2009-04-01', '2013-12-31', null, 0], // legacy 15-char ID
      [11, '91150200701288887A', ['trading'], '150200', null, null, null, null, EnterpriseFlag.TAX_ID_CHECK],
    ]);
    expect(out.records[0]).toMatchObject({
      name: '包头市金蒙稀土有限责任公司',
      extra: { 联系人: '王经理' },
      miningLicence: null,
    });
    expect(out.records[4]?.miningLicence).toBe('C3600002011035220110236');
    expect(out.records[1]?.extra).toEqual({});
  });
  it('rejects unknown roles and regions and impossible IDs', () => {
    const text =
      '统一社会信用代码,企业名称,企业类型,地区\n' +
      '911502007012888877,A,冶炼分离、炼丹,\n' +
      '911502007012888877,B,贸易,火星\n' +
      '9115020070128888,C,贸易,\n' +
      '911502007012888877,D,,150200\n';
    const bad = parse('enterprises', utf8(text));
    expect(bad.records).toEqual([]);
    expect(bad.issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [2, '企业类型', '炼丹', 'unknown_role'],
      [3, '地区', '火星', 'unknown_region'],
      [4, '统一社会信用代码', '9115020070128888', 'bad_tax_id'],
      [5, '企业类型', null, 'missing_value'],
    ]);
  });
});

describe('quotas (fixtures/registry/quotas.csv)', () => {
  it('reads group and taxpayer rows, tonnes to kg exactly', () => {
    const out = parse('quotas', fixture('registry/quotas.csv'));
    expect(out.issues).toEqual([]);
    expect(out.records.map((r) => [r.year, r.batch, r.taxId, r.group, r.kind, r.kg])).toEqual([
      [2013, '第一批', null, 'northern', 'mining_rock', 29750000],
      [2013, '第一批', null, 'northern', 'separation', 24320000],
      [2013, '第二批', null, 'northern', 'mining_rock', 29750000],
      [2013, '第一批', '913607001583662133', 'southern', 'mining_ionic', 4500500],
      [2013, '第一批', '9136070078142266X5', null, 'separation', 3200000],
      [2013, null, '91513400209655411N', null, 'mining_rock', 1250000],
      [2013, null, '911502007012888877', null, 'separation', 125],
    ]);
  });
  it('rejects rows without tax ID and group, unknown kinds and negative tonnes', () => {
    const text =
      '年度,统一社会信用代码,所属集团,指标类别,指标(吨)\n2013,,,冶炼分离,100\n2013,,北方稀土,稀土开采,100\n13x,,北方稀土,冶炼分离,-5\n';
    const out = parse('quotas', utf8(text));
    expect(out.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, '统一社会信用代码 / 所属集团', 'missing_tax_id_or_group'],
      [3, '指标类别', 'unknown_quota_kind'],
      [4, '年度', 'bad_year'],
      [4, '指标(吨)', 'negative_value'],
    ]);
    expect(parse('quotas', utf8('年度,指标类别,指标(吨)\n2013,冶炼分离,1\n')).fatal?.code).toBe(
      'missing_column',
    );
  });
});

describe('prices (fixtures/registry/prices.csv)', () => {
  it('reads ranges as midpoints, per-tonne and per-kg units, VAT-included flags and product aliases', () => {
    const out = parse('prices', fixture('registry/prices.csv'), 'prices.csv');
    expect(out.issues).toEqual([]);
    expect(out.records.map((r) => [r.date, r.productId, r.price, r.unit, r.vatIncluded, r.source])).toEqual([
      ['2013-06-03', 'oxide-prnd', 272500, 'CNY/t', true, '中国稀土行业协会'],
      ['2013-08-26', 'oxide-prnd', 370000, 'CNY/t', true, '中国稀土行业协会'],
      ['2013-06-03', 'oxide-dy', 1350, 'CNY/kg', true, '亚洲金属网'],
      ['2013-08-26', 'oxide-dy', 2600, 'CNY/kg', true, '亚洲金属网'],
      ['2013-06-03', 'oxide-tb', 2600, 'CNY/kg', true, '亚洲金属网'],
      ['2013-08-26', 'oxide-tb', 4400, 'CNY/kg', true, 'Asian Metal'],
      ['2013-06-03', 'metal-nd', 335000, 'CNY/t', true, '上海有色网'], // 含税 empty: default yes
      ['2013-08-26', 'metal-nd', 445000, 'CNY/t', true, '上海有色网'],
      ['2013-07-01', 'compound-re-carbonate', 27500, 'CNY/t', true, '包头稀土产品交易所'],
      ['2013-07-01', 'ore-concentrate-baiyunebo', 16269, 'CNY/t', false, '北方稀土挂牌价(不含税)'],
      ['2013-08-01', 'oxide-la', 29000, 'CNY/t', false, null],
    ]);
    expect(out.records[0]).toMatchObject({ file: 'prices.csv', row: 2 });
  });
  it('rejects unknown products, units, prices and yes/no values', () => {
    const text =
      '日期,产品,价格,单位,含税\n2013-06-03,氧化金,1,元/吨,是\n2013-06-03,氧化镝,1,元/箱,是\n2013-06-03,氧化镝,一千,元/公斤,是\n2013-06-03,氧化镝,1,元/公斤,也许\n';
    const out = parse('prices', utf8(text));
    expect(out.issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [2, '产品', '氧化金', 'unknown_product'],
      [3, '单位', '元/箱', 'unknown_unit'],
      [4, '价格', '一千', 'bad_number'],
      [5, '含税', '也许', 'bad_boolean'],
    ]);
  });
});
