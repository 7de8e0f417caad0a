// Registry rows (formats.md §3–§5): enterprises, quotas and reference prices. Small files, so
// these mappers favour plainness over the invoice path's caching.
import type { EnterpriseRole } from '../domain/roles.ts';
import { parseRoles } from '../domain/roles.ts';
import { checkTaxId } from '../domain/tax-id.ts';
import { findRegionByName, getRegion } from '../domain/regions.ts';
import { findGroup, parseQuotaKind } from '../domain/groups.ts';
import { parsePriceUnit } from '../domain/units.ts';
import { parseExactDecimal } from '../domain/decimal.ts';
import type { EnterpriseRecord, PriceRecord, QuotaRecord, RowIssue } from './records.ts';
import { EnterpriseFlag } from './records.ts';
import type { ImportKind } from './columns.ts';
import type { HeaderMap } from './columns.ts';
import { columnTitle } from './columns.ts';
import type { IngestOptions, RowMapperResult, RowOutput } from './types.ts';
import { makeIssue } from './messages.ts';
import { cleanCell, copyString, parseDateText, parseYesNo, shiftDecimal } from './values.ts';

/** Reads the cells of one row by field key, collecting issues in the row's words. */
class RowReader {
  issues: RowIssue[] | null = null;
  constructor(
    private readonly header: HeaderMap,
    private readonly source: string,
    private readonly cells: readonly string[],
    private readonly row: number,
  ) {}
  text(key: string): string {
    const i = this.header.index[key] ?? -1;
    return i < 0 ? '' : copyString(cleanCell(this.cells[i] ?? ''));
  }
  issue(key: string, value: string, code: string): void {
    const column = this.header.label[key] ?? key;
    (this.issues ??= []).push(makeIssue(this.source, this.row, column, value === '' ? null : value, code));
  }
  required(key: string): string {
    const v = this.text(key);
    if (v === '') this.issue(key, '', 'missing_value');
    return v;
  }
  optionalDate(key: string): string | null {
    const v = this.text(key);
    if (v === '') return null;
    const d = parseDateText(v);
    if (d === undefined) this.issue(key, v, 'bad_date');
    return d ?? null;
  }
  /** A non-negative decimal (tonnes) read exactly; null when empty. */
  tonnesToKg(key: string, required: boolean): number | null {
    const v = required ? this.required(key) : this.text(key);
    if (v === '') return null;
    const d = parseExactDecimal(v);
    if (d === undefined) {
      this.issue(key, v, 'bad_number');
      return null;
    }
    if (d.value < 0) {
      this.issue(key, v, 'negative_value');
      return null;
    }
    return shiftDecimal(d.text, 3);
  }
  /** Flushes: issues into `out`, or the record. */
  finish<R>(out: RowOutput<R>, make: () => R): void {
    out.rowsRead++;
    if (this.issues !== null) for (const i of this.issues) out.issues.push(i);
    else out.records.push(make());
  }
}

function requireColumns(
  kind: ImportKind,
  header: HeaderMap,
  source: string,
  keys: readonly string[],
): RowIssue | null {
  for (const key of keys)
    if ((header.index[key] ?? -1) < 0)
      return makeIssue(source, 0, columnTitle(kind, key), null, 'missing_column');
  return null;
}

/** Known groups are stored by their id (so quotas and enterprises meet), others as written. */
function groupOf(text: string): string | null {
  if (text === '') return null;
  return findGroup(text)?.id ?? text.normalize('NFKC').trim();
}

/**
 * Enterprise rows. Region: a 6-digit code as given, a place name resolved (unknown → bad row),
 * else positions 3–8 of the USCC (1–6 of a legacy ID) when that code is a known division.
 */
export function createEnterpriseMapper(
  header: HeaderMap,
  options: IngestOptions,
): RowMapperResult<EnterpriseRecord> {
  const fatal = requireColumns('enterprises', header, options.source, ['tax_id', 'name', 'roles']);
  if (fatal) return { fatal };
  const allow = options.taxIdAllowList;
  return {
    mapper: {
      dateColumns: ['founded', 'deregistered'].map((k) => header.index[k] ?? -1).filter((i) => i >= 0),
      mapRow(cells, row, out) {
        const r = new RowReader(header, options.source, cells, row);
        const idText = r.required('tax_id');
        const check = idText === '' ? undefined : checkTaxId(idText);
        if (idText !== '' && check === undefined) r.issue('tax_id', idText, 'bad_tax_id');
        const name = r.required('name');
        const rolesText = r.required('roles');
        let roles: EnterpriseRole[] = [];
        if (rolesText !== '') {
          const parsed = parseRoles(rolesText.normalize('NFKC'));
          roles = parsed.roles;
          if (parsed.unknown.length > 0) r.issue('roles', parsed.unknown.join('、'), 'unknown_role');
          else if (roles.length === 0) r.issue('roles', rolesText, 'unknown_role');
        }
        const regionText = r.text('region').normalize('NFKC');
        let region: string | null = null;
        if (/^\d{6}$/.test(regionText)) region = regionText;
        else if (regionText !== '') {
          const found = findRegionByName(regionText);
          if (found) region = found.code;
          else r.issue('region', regionText, 'unknown_region');
        } else if (check?.regionCode !== undefined && getRegion(check.regionCode) !== undefined) {
          region = check.regionCode;
        }
        const group = groupOf(r.text('group'));
        const licence = r.text('mining_licence');
        const founded = r.optionalDate('founded');
        const deregistered = r.optionalDate('deregistered');
        const openingStockKg = r.tonnesToKg('opening_stock_t', false);
        const extra: Record<string, string> = {};
        for (const e of header.extras) {
          const v = cleanCell(cells[e.index] ?? '');
          if (v !== '') extra[e.header] = copyString(v);
        }
        r.finish(out, (): EnterpriseRecord => {
          const failing = check !== undefined && (check.checksumOk === false || check.orgCodeOk === false);
          return {
            taxId: check?.normalized ?? idText,
            name,
            roles,
            region,
            group,
            miningLicence: licence === '' ? null : licence,
            founded,
            deregistered,
            openingStockKg,
            extra,
            flags: failing && !(allow?.has(check.normalized) ?? false) ? EnterpriseFlag.TAX_ID_CHECK : 0,
            source: options.source,
            row,
          };
        });
      },
    },
  };
}

/** Quota rows: tonnes REO → kg; one of taxpayer ID and group per row. */
export function createQuotaMapper(header: HeaderMap, options: IngestOptions): RowMapperResult<QuotaRecord> {
  const fatal = requireColumns('quotas', header, options.source, ['year', 'kind', 'tonnes']);
  if (fatal) return { fatal };
  if ((header.index.tax_id ?? -1) < 0 && (header.index.group ?? -1) < 0)
    return {
      fatal: makeIssue(
        options.source,
        0,
        `${columnTitle('quotas', 'tax_id')} | ${columnTitle('quotas', 'group')}`,
        null,
        'missing_column',
      ),
    };
  const bothLabels = `${header.label.tax_id ?? 'tax_id'} / ${header.label.group ?? 'group'}`;
  return {
    mapper: {
      dateColumns: [],
      mapRow(cells, row, out) {
        const r = new RowReader(header, options.source, cells, row);
        const yearText = r.required('year').normalize('NFKC').replace(/年$/, '');
        const year = Number(yearText);
        if (yearText !== '' && !(Number.isInteger(year) && year >= 1990 && year <= 2200))
          r.issue('year', yearText, 'bad_year');
        const batch = r.text('batch');
        const idText = r.text('tax_id');
        const check = idText === '' ? undefined : checkTaxId(idText);
        if (idText !== '' && check === undefined) r.issue('tax_id', idText, 'bad_tax_id');
        const group = groupOf(r.text('group'));
        if (idText === '' && group === null)
          (r.issues ??= []).push(makeIssue(options.source, row, bothLabels, null, 'missing_tax_id_or_group'));
        const kindText = r.required('kind');
        const kind = kindText === '' ? undefined : parseQuotaKind(kindText);
        if (kindText !== '' && kind === undefined) r.issue('kind', kindText, 'unknown_quota_kind');
        const kg = r.tonnesToKg('tonnes', true);
        r.finish(out, (): QuotaRecord => {
          if (kind === undefined || kg === null)
            throw new Error('unreachable: quota row without kind or tonnes');
          return {
            year,
            batch: batch === '' ? null : batch,
            taxId: check?.normalized ?? null,
            group,
            kind,
            kg,
            source: options.source,
            row,
          };
        });
      },
    },
  };
}

/** `270000-275000`, `270000~275000`, `270000至275000`: a quoted range means its midpoint. */
function parsePriceText(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const parts = t.split(/[-~～—–至到]/).filter((p) => p !== '');
  if (parts.length < 1 || parts.length > 2 || (parts.length === 1 && t !== parts[0])) return undefined;
  const values = parts.map((p) => parseExactDecimal(p)?.value);
  if (values.some((v) => v === undefined)) return undefined;
  const [a = 0, b = a] = values as number[];
  return (a + b) / 2;
}

/** Reference price rows: product from the catalogue, a range's midpoint, 含税 default yes. */
export function createPriceMapper(header: HeaderMap, options: IngestOptions): RowMapperResult<PriceRecord> {
  const fatal = requireColumns('prices', header, options.source, ['date', 'product', 'price', 'unit']);
  if (fatal) return { fatal };
  return {
    mapper: {
      dateColumns: [header.index.date ?? -1],
      mapRow(cells, row, out) {
        const r = new RowReader(header, options.source, cells, row);
        const dateText = r.required('date');
        const date = dateText === '' ? undefined : parseDateText(dateText);
        if (dateText !== '' && date === undefined) r.issue('date', dateText, 'bad_date');
        const productText = r.required('product');
        const product = productText === '' ? undefined : options.catalogue.findProduct(productText);
        if (productText !== '' && product === undefined) r.issue('product', productText, 'unknown_product');
        const priceText = r.required('price');
        const price = priceText === '' ? undefined : parsePriceText(priceText);
        if (priceText !== '' && price === undefined) r.issue('price', priceText, 'bad_number');
        else if (price !== undefined && price <= 0) r.issue('price', priceText, 'negative_value');
        const unitText = r.required('unit');
        const unit = unitText === '' ? undefined : parsePriceUnit(unitText);
        if (unitText !== '' && unit === undefined) r.issue('unit', unitText, 'unknown_unit');
        const vatText = r.text('vat_included');
        const vatIncluded = vatText === '' ? true : parseYesNo(vatText);
        if (vatIncluded === undefined) r.issue('vat_included', vatText, 'bad_boolean');
        const sourceText = r.text('source');
        r.finish(out, (): PriceRecord => {
          if (date === undefined || product === undefined || price === undefined || unit === undefined)
            throw new Error('unreachable: price row without a required value');
          return {
            date,
            productId: product.id,
            price,
            unit,
            vatIncluded: vatIncluded ?? true,
            source: sourceText === '' ? null : sourceText,
            file: options.source,
            row,
          };
        });
      },
    },
  };
}
