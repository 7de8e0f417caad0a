// Streaming CSV import: bytes in chunks → decoded text → records, with memory bounded by the
// chunk size whatever the file size (the bulk path for 10M-line invoice exports).
import type { ImportKind } from './columns.ts';
import type { ChunkParser, IngestOptions, ParseOutput, RecordOf, RowMapper, RowOutput } from './types.ts';
import type { RowIssue } from './records.ts';
import { ChunkDecoder } from './decode.ts';
import { CsvTokenizer } from './csv-tokenizer.ts';
import { createRowMapper, isBlankRow } from './mapper.ts';
import { makeIssue } from './messages.ts';
import { copyString } from './values.ts';

/**
 * A streaming CSV parser for one import kind. Each push returns the rows completed by that chunk;
 * end() returns the rest. The first non-blank record is the header; rows are numbered by
 * physical record from the start of the file (header = 1 when it is the first line). Once a
 * `fatal` is returned (missing column, bad encoding, empty file) every later call returns it too
 * and the whole file must be refused, including records returned before it.
 * @example
 * const p = createCsvParser('invoices', { source: 'a.csv', catalogue });
 * const out = [p.push(bytes), p.end()];
 */
export function createCsvParser<K extends ImportKind>(
  kind: K,
  options: IngestOptions,
): ChunkParser<RecordOf<K>> {
  const decoder = new ChunkDecoder(options.encoding ?? 'auto', options.source);
  let mapper: RowMapper<RecordOf<K>> | undefined;
  let fatal: RowIssue | null = null;
  let out: RowOutput<RecordOf<K>> = { records: [], issues: [], rowsRead: 0 };

  const tokenizer = new CsvTokenizer((fields, count, row, unterminated) => {
    if (fatal !== null || isBlankRow(fields, count)) return;
    if (mapper === undefined) {
      const headers: string[] = [];
      for (let i = 0; i < count; i++) headers.push(copyString(fields[i] ?? ''));
      const result = createRowMapper(kind, headers, options);
      if ('fatal' in result) fatal = result.fatal;
      else mapper = result.mapper;
      return;
    }
    if (unterminated) {
      out.issues.push(makeIssue(options.source, row, null, null, 'unterminated_quote'));
      out.rowsRead++;
      return;
    }
    mapper.mapRow(fields, row, out);
  });

  function flush(): ParseOutput<RecordOf<K>> {
    if (fatal === null && decoder.fatal !== null) fatal = decoder.fatal;
    if (fatal !== null) return { records: [], issues: [], fatal, rowsRead: 0 };
    const result = { records: out.records, issues: out.issues, fatal: null, rowsRead: out.rowsRead };
    out = { records: [], issues: [], rowsRead: 0 };
    return result;
  }

  let ended = false;
  return {
    push(chunk) {
      if (ended) throw new Error('push after end');
      if (fatal === null) {
        const text = decoder.push(chunk);
        if (decoder.fatal === null && text !== '') tokenizer.push(text);
      }
      return flush();
    },
    end() {
      if (!ended) {
        ended = true;
        // Always finish decoding, so that `encoding` is known even for a refused file.
        const text = decoder.end();
        if (fatal === null) {
          if (decoder.fatal === null) {
            if (text !== '') tokenizer.push(text);
            tokenizer.end();
            if (fatal === null && mapper === undefined)
              fatal = makeIssue(options.source, 0, null, null, 'empty_file');
          }
        }
      }
      return flush();
    },
    get encoding() {
      return decoder.encoding;
    },
  };
}
