// Types of the ingestion API (see index.ts for the functions).
import type { Catalogue } from '../domain/catalogue.ts';
import type { ImportKind } from './columns.ts';
import type { EnterpriseRecord, InvoiceLineRecord, PriceRecord, QuotaRecord, RowIssue } from './records.ts';
import type { CsvLineScanner, FieldDecoder } from './csv-bytes.ts';

export type { ImportKind };

/** The record type an import kind produces. */
export type RecordOf<K> = K extends 'invoices'
  ? InvoiceLineRecord
  : K extends 'enterprises'
    ? EnterpriseRecord
    : K extends 'quotas'
      ? QuotaRecord
      : PriceRecord;

export interface IngestOptions {
  /** File name shown in every issue and stored in every record's `source`. */
  readonly source: string;
  /** CSV only. auto: BOM → utf8, valid UTF-8 → utf8, else GB18030 (a superset of GBK). */
  readonly encoding?: 'auto' | 'utf8' | 'gb18030';
  /** XLSX only; default the first sheet. */
  readonly sheet?: string;
  readonly catalogue: Catalogue;
  /** Taxpayer IDs whose failing checksum is accepted without a flag (normalised: upper case). */
  readonly taxIdAllowList?: ReadonlySet<string>;
}

/**
 * What a parse produced. For a chunk parser each push/end returns what was completed during that
 * call (add them up); `rowsRead` counts non-empty data rows = records + rows rejected (a rejected
 * row may carry several issues). All-empty rows are skipped and not counted.
 */
export interface ParseOutput<R> {
  records: R[];
  issues: RowIssue[];
  /** A file-level problem (missing column, unreadable file): no records at all. */
  fatal: RowIssue | null;
  rowsRead: number;
}

export interface ChunkParser<R> {
  /** Feeds the next bytes of the file; returns the rows completed by them. */
  push(chunk: Uint8Array): ParseOutput<R>;
  /** Signals the end of the file; returns the last rows. */
  end(): ParseOutput<R>;
  /** The encoding in use, once known (after the first non-ASCII bytes or the end). */
  readonly encoding: 'utf8' | 'gb18030' | undefined;
}

/** Where mappers put what they make of a row. */
export interface RowOutput<R> {
  records: R[];
  issues: RowIssue[];
  rowsRead: number;
}

/** Turns the data rows of a tabular file (CSV or XLSX) into records, once the header is known. */
export interface RowMapper<R> {
  /** Column indexes holding dates (the XLSX reader turns serial numbers in them into dates). */
  readonly dateColumns: readonly number[];
  /**
   * Maps one non-empty data row (cells by column index; missing trailing cells read as empty).
   * Pushes either one record or the row's issues, and counts the row.
   */
  mapRow(cells: readonly string[], row: number, out: RowOutput<R>): void;
  /**
   * Optional fast path for CSV lines read as bytes (csv-bytes.ts): the cells are the scanner's
   * fields, decoded by `text` when needed. Either does exactly what mapRow would do with the
   * decoded cells and returns true, or does nothing observable and returns false (then the line
   * is decoded and mapRow reads it).
   */
  readonly mapBytes?: (
    bytes: Uint8Array,
    fields: CsvLineScanner,
    text: FieldDecoder,
    row: number,
    out: RowOutput<R>,
  ) => boolean;
  /** For mapBytes: the first and last column of a run that repeats from line to line, if any. */
  readonly repeatingColumns?: readonly [number, number];
}

export type RowMapperResult<R> = { readonly mapper: RowMapper<R> } | { readonly fatal: RowIssue };
