import type { RowIssue } from '@oresight/core/ingest';
import type { ImportSource } from './file-source.ts';

/** The file-level issue for a file that is none of the formats we read. */
export function unknownFormat(source: ImportSource): RowIssue {
  return {
    source: source.name,
    row: 0,
    column: null,
    value: null,
    code: 'unknown_format',
    zh: '无法识别的文件格式：请提供 CSV、XLSX、电子发票 XML 或其 ZIP 压缩包',
    en: 'Unrecognised file format: expected CSV, XLSX, e-invoice XML or a zip of XML files',
  };
}
