// One entry to the row mappers of every tabular import kind.
import type { ImportKind } from './columns.ts';
import { mapHeader } from './columns.ts';
import type { IngestOptions, RecordOf, RowMapperResult } from './types.ts';
import { createInvoiceMapper } from './invoice.mapper.ts';
import { createEnterpriseMapper, createPriceMapper, createQuotaMapper } from './registry.mapper.ts';

/**
 * The row mapper for a kind and a header row, or the fatal issue naming a missing column.
 * @example createRowMapper('prices', ['日期', '产品', '价格', '单位'], options)
 */
export function createRowMapper<K extends ImportKind>(
  kind: K,
  headers: readonly string[],
  options: IngestOptions,
): RowMapperResult<RecordOf<K>> {
  const header = mapHeader(kind, headers);
  // The conditional RecordOf<K> cannot be narrowed by a switch on K: each branch is checked
  // against its concrete record type, then widened once here.
  switch (kind) {
    case 'invoices':
      return createInvoiceMapper(header, options) as RowMapperResult<RecordOf<K>>;
    case 'enterprises':
      return createEnterpriseMapper(header, options) as RowMapperResult<RecordOf<K>>;
    case 'quotas':
      return createQuotaMapper(header, options) as RowMapperResult<RecordOf<K>>;
    default:
      return createPriceMapper(header, options) as RowMapperResult<RecordOf<K>>;
  }
}

/** True when every cell of a row is blank: such rows are skipped and not counted. */
export function isBlankRow(cells: readonly string[], count: number): boolean {
  for (let i = 0; i < count; i++) {
    const c = cells[i];
    if (c !== undefined && c !== '' && c.trim() !== '') return false;
  }
  return true;
}
