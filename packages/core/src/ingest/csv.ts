// Streaming CSV import: bytes in chunks → decoded text → records, with memory bounded by the
// chunk size whatever the file size (the bulk path for 10M-line invoice exports).
import type { ImportKind } from './columns.ts';
import type { ChunkParser, IngestOptions, ParseOutput, RecordOf, RowMapper, RowOutput } from './types.ts';
import type { RowIssue } from './records.ts';
import { ChunkDecoder } from './decode.ts';
import { CsvTokenizer } from './csv-tokenizer.ts';
import { createRowMapper, isBlankRow } from './mapper.ts';
import { CsvLineScanner, FieldDecoder, LineKind } from './csv-bytes.ts';
import { releaseView } from './byte-cache.ts';
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
  return createCsvParserWith(kind, options, { bytePath: true });
}

/** How createCsvParserWith reads: tests compare the byte-level path against the string path. */
export interface CsvReading {
  /** Read lines as bytes where the mapper can (invoices); false: decode everything, as text. */
  readonly bytePath: boolean;
}

const EMPTY = new Uint8Array(0);
const LF = 10;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * createCsvParser with a choice of reading. Two ways lead to the same output:
 * - text: each chunk is decoded (decode.ts), cut into records (csv-tokenizer.ts) and mapped;
 * - bytes (invoices, once the header is read and the encoding known): lines are cut and read as
 *   bytes (csv-bytes.ts); a line the byte path does not read itself is decoded and handed to the
 *   text way, so that only plain lines are ever read as bytes.
 * @example createCsvParserWith('invoices', { source: 'a.csv', catalogue }, { bytePath: false })
 */
export function createCsvParserWith<K extends ImportKind>(
  kind: K,
  options: IngestOptions,
  reading: CsvReading,
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

  // The byte-level way. `text`: whole chunks are decoded. `sync`: the header is read and the
  // encoding known; the chunk is decoded line by line until the tokenizer has no record half
  // read, then `bytes` takes over at that line break (the stream decoder stays idle from there).
  // Bytes that are not plain text end it: UTF-8 fails as the text way would; GB18030 (four-byte
  // or broken characters) goes back to `text` for good, the stream decoder taking over at the
  // start of that line.
  let mode: 'text' | 'sync' | 'bytes' = 'text';
  let bytePath = reading.bytePath;
  let scanner: CsvLineScanner | undefined;
  let fields: FieldDecoder | undefined;
  let mapBytes: RowMapper<RecordOf<K>>['mapBytes'];
  /** The start of a line whose end is in a later chunk (bytes mode). */
  let pending: Uint8Array = EMPTY;

  function canSync(): boolean {
    if (!bytePath || fatal !== null || !decoder.decided || mapper === undefined) return false;
    if (mapper.mapBytes === undefined || decoder.encoding === undefined) {
      bytePath = false;
      return false;
    }
    return true;
  }

  function startBytes(): void {
    const encoding = decoder.encoding!;
    mode = 'bytes';
    mapBytes = mapper!.mapBytes;
    const [repeatFirst, repeatLast] = mapper!.repeatingColumns ?? [-1, -1];
    scanner = new CsvLineScanner(tokenizer.delimiterByte, encoding, repeatFirst, repeatLast);
    fields = new FieldDecoder(encoding);
  }

  /** Feeds a chunk in `sync` or `bytes` mode. */
  function feed(chunk: Uint8Array): void {
    const chunkOffset = decoder.position;
    let at = 0;
    if (mode === 'sync') {
      while (at < chunk.length) {
        const nl = chunk.indexOf(LF, at);
        const to = nl < 0 ? chunk.length : nl + 1;
        const text = decoder.decodePart(chunk.subarray(at, to), chunk, chunkOffset, false);
        if (decoder.fatal !== null) return;
        if (text !== '') tokenizer.push(text);
        at = to;
        if (nl >= 0 && tokenizer.idle && fatal === null) {
          startBytes();
          break;
        }
      }
    }
    if (mode === 'bytes') readBytes(chunk, at, chunkOffset);
    decoder.position = chunkOffset + chunk.length;
    releaseView();
  }

  /**
   * Odd bytes from a line start on: UTF-8 fails as decoding the chunk would; GB18030 goes back to
   * the text way for good, decoding from this line start (`rest`: the line and the chunk after it).
   */
  function leaveBytes(rest: Uint8Array, chunk: Uint8Array, chunkOffset: number, final: boolean): void {
    if (decoder.encoding === 'utf8') {
      decoder.failChunk(chunk, chunkOffset, final);
      return;
    }
    mode = 'text';
    bytePath = false;
    const text = decoder.decodePart(rest, chunk, chunkOffset, final);
    if (text !== '') tokenizer.push(text);
  }

  /** Reads the lines of `chunk` from `from` as bytes. */
  function readBytes(chunk: Uint8Array, from: number, chunkOffset: number): void {
    const n = chunk.length;
    let at = from;
    if (pending.length > 0) {
      // The line cut by the chunk boundary, completed (up to its LF, or all of the chunk).
      const nl = chunk.indexOf(LF, at);
      const to = nl < 0 ? n : nl + 1;
      const line = concat(pending, chunk.subarray(at, to));
      pending = EMPTY;
      // With its LF the line is read whole; without, it is kept whole: either way `to` is next.
      if (readLine(line, 0, chunk, to, chunkOffset, false) < 0) return;
      at = to;
    }
    while (at < n) {
      const read = readLine(chunk, at, chunk, -1, chunkOffset, false);
      if (read < 0) return;
      at = read;
    }
  }

  /**
   * Reads the line of `b` at `start`; returns where the next line starts, `b.length` when the
   * line is kept (unfinished) for the next chunk, or -1 when the byte way stops here (a fatal
   * error, or back to text for good). `chunk[restFrom, …)` follows `b` when it is not the chunk.
   */
  function readLine(
    b: Uint8Array,
    start: number,
    chunk: Uint8Array,
    restFrom: number,
    chunkOffset: number,
    final: boolean,
  ): number {
    const s = scanner!;
    const kind = tokenizer.idle ? s.scan(b, start, b.length, final) : s.textLine(b, start, b.length, final);
    if (kind === LineKind.INCOMPLETE) {
      pending = b.slice(start);
      return b.length;
    }
    if (kind === LineKind.ODD) {
      const rest = b === chunk ? chunk.subarray(start) : concat(b.subarray(start), chunk.subarray(restFrom));
      leaveBytes(rest, chunk, chunkOffset, final);
      return -1;
    }
    const end = s.end;
    if (kind === LineKind.FIELDS) {
      const blank = blankFields(b, s);
      if (blank === BLANK) {
        tokenizer.skipRow();
        return end + 1;
      }
      if (blank === NOT_BLANK && mapBytes!(b, s, fields!, tokenizer.nextRow, out)) {
        tokenizer.skipRow();
        return end + 1;
      }
      // Declined: the text way reads it (its bytes are plain text: the scanner checked them all).
    }
    // The text way reads this line (with its line break, which ends its record).
    tokenizer.push(fields!.text(b, start, Math.min(end + 1, b.length), true));
    return end + 1;
  }

  /** Reads the last line of the file, without a line break (bytes mode, at end()). */
  function readLastLine(): void {
    const line = pending;
    pending = EMPTY;
    if (line.length > 0) readLine(line, 0, EMPTY, 0, decoder.position, true);
    releaseView();
  }

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
        if (mode === 'text' && canSync()) mode = 'sync';
        if (mode !== 'text') feed(chunk);
        else {
          const text = decoder.push(chunk);
          if (decoder.fatal === null && text !== '') tokenizer.push(text);
        }
      }
      return flush();
    },
    end() {
      if (!ended) {
        ended = true;
        if (mode === 'bytes' && fatal === null && decoder.fatal === null) readLastLine();
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

const BLANK = 0;
const NOT_BLANK = 1;
const MAYBE_BLANK = 2;

/**
 * Whether the scanned line is blank (isBlankRow): NOT_BLANK at its first ASCII byte that is not a
 * space; MAYBE_BLANK when only non-ASCII bytes remain to decide (the text way decides).
 */
function blankFields(b: Uint8Array, s: CsvLineScanner): number {
  let result = BLANK;
  for (let k = 0; k < s.count; k++) {
    for (let i = s.starts[k]!, e = s.ends[k]!; i < e; i++) {
      const c = b[i]!;
      if (c >= 0x80) result = MAYBE_BLANK;
      else if (!(c === 32 || (c >= 9 && c <= 13))) return NOT_BLANK;
    }
  }
  return result;
}
