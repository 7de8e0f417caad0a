// Lists for people: a run's result as a CSV (UTF-8 with BOM, opens in Excel on a Chinese system)
// or XLSX table, in Chinese or English (core/inspect resultTable gives the columns).
import type { InspectionResult } from '@oresight/core/inspect';
import { resultTable } from '@oresight/core/inspect';
import { createXlsxWriter, encodeCsv } from '@oresight/core/formats';

export type TableFormat = 'csv' | 'xlsx';

/**
 * Encodes the run's list table.
 * @example writeFileSync('lists.xlsx', exportResultTable(result, 'xlsx', 'zh'));
 */
export function exportResultTable(
  result: InspectionResult,
  format: TableFormat,
  lang: 'zh' | 'en',
): Uint8Array {
  const table = resultTable(result, lang);
  if (format === 'csv') {
    return encodeCsv(
      table.headers,
      table.rows.map((r) => r.map((c) => (c === null ? '' : String(c)))),
      'utf8',
    );
  }
  const chunks: Uint8Array[] = [];
  const writer = createXlsxWriter({
    onChunk: (c) => chunks.push(c),
    sheetName: lang === 'zh' ? '名单' : 'Lists',
  });
  writer.addRow(table.headers);
  writer.addRows(table.rows);
  writer.finish();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
