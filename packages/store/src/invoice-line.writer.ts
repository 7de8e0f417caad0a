// The bulk write path for invoice lines (migration 0005 layout: invoices, invoice_items,
// invoice_line_rows). The import hands over chunks already dictionary-encoded: each new invoice
// header and each new item once, then every line as numbers and two exact decimals, referring to
// them by `ref`. That keeps the writing thread to little more than the INSERTs themselves (see
// docs/decisions/0005-normalized-invoice-lines.md). SQLite: prepared statements on the
// transaction's connection. PostgreSQL: COPY into staging tables and set-based inserts.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import type pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import { LineFlag } from '@oresight/core/domain';
import type { StoreTransaction } from './open-store.ts';

/** The header fields that must agree between lines of one invoice (names may be spelled differently). */
export interface InvoiceHeader {
  readonly issueDate: string;
  readonly sellerTaxId: string;
  readonly sellerName: string;
  readonly buyerTaxId: string;
  readonly buyerName: string;
  readonly invoiceKind: string | null;
  readonly status: string;
  readonly originalInvoiceKey: string | null;
}

export interface InvoiceInput extends InvoiceHeader {
  /** The chunk's reference to this invoice (unique within an import). */
  readonly ref: number;
  readonly invoiceKey: string;
  readonly invoiceCode: string | null;
  readonly invoiceNumber: string | null;
  readonly eInvoiceNumber: string | null;
  readonly specialBusiness: string | null;
  readonly remark: string | null;
  /** The file (or zip/folder entry) the invoice came from. */
  readonly source: string;
}

export interface ItemInput {
  readonly ref: number;
  readonly itemName: string;
  readonly specification: string | null;
  readonly unit: string;
  readonly taxCode: string | null;
  readonly productId: string | null;
}

/** A chunk of lines, dictionary-encoded (see the file comment). Nullable numbers are NaN. */
export interface LineChunk {
  readonly batchId: number;
  /** Invoices and items first referred to in this chunk (an import may send one again later). */
  readonly invoices: readonly InvoiceInput[];
  readonly items: readonly ItemInput[];
  readonly count: number;
  readonly invoiceRef: Int32Array;
  readonly itemRef: Int32Array;
  readonly lineNo: Int32Array;
  readonly rowNo: Int32Array;
  readonly flags: Int32Array;
  readonly amountFen: Float64Array;
  readonly taxFen: Float64Array;
  readonly totalFen: Float64Array;
  readonly taxRate: Float64Array;
  readonly kg: Float64Array;
  readonly reoKg: Float64Array;
  readonly quantity: readonly string[];
  readonly unitPrice: readonly string[];
  /** Refs below this will not be referred to again: the writer may forget them (bounded memory). */
  readonly minLiveRef: number;
}

export interface WrittenChunk {
  /** Per line: its new id, or NaN when the line was already stored (a duplicate). */
  readonly ids: Float64Array;
  /** Per line: the store id of its invoice (the columnar segments carry it, so the inspection joins invoices without their keys). */
  readonly invoiceIds: Float64Array;
  /** Invoices (by ref) already stored with another header: that header stands, and their lines are flagged. */
  readonly storedHeaders: ReadonlyMap<number, InvoiceHeader>;
}

export interface LineWriter {
  write(chunk: LineChunk): Promise<WrittenChunk>;
  /** Completes the batch's writes (rebuilds any index set aside for a bulk load). */
  finish(): Promise<void>;
}

export interface LineWriterOptions {
  /** Roughly how many lines the batch brings (e.g. file size ÷ 250 bytes); decides the bulk-load path. */
  readonly expectedLines?: number;
}

/**
 * The party indexes on invoices (who sold to whom, by date) cost half of a bulk import's time
 * when maintained row by row. On SQLite, when a batch brings more invoices than the store holds,
 * they are dropped inside the batch's transaction and rebuilt at its end (a sorted build), which
 * is several times cheaper; readers on other connections keep the old indexes until commit (WAL),
 * and a failure rolls the drop back with everything else.
 */
const PARTY_INDEXES = [
  ['invoices_seller_date', 'seller_tax_id, issue_date'],
  ['invoices_buyer_date', 'buyer_tax_id, issue_date'],
] as const;
const BULK_MIN_LINES = 200_000;

function setPartyIndexesAside(db: BetterSqlite3.Database, expectedLines: number | undefined): boolean {
  if (expectedLines === undefined || expectedLines < BULK_MIN_LINES) return false;
  // Lines per invoice are 1–7; comparing lines with invoices errs towards keeping the indexes.
  const invoices = Number((db.prepare('select count(*) as n from invoices').get() as { n: number }).n);
  if (invoices * 2 > expectedLines) return false;
  for (const [name] of PARTY_INDEXES) db.exec(`drop index if exists ${name}`);
  return true;
}

/** Page cache while the indexes are rebuilt: SQLite's sorter also buffers up to the cache size. */
const INDEX_BUILD_CACHE_KIB = 64 * 1024;

function restorePartyIndexes(db: BetterSqlite3.Database): void {
  // With the store's 256 MB cache, the sort would hold another 256 MB beside it: the import's peak
  // memory (measured 1.19 GB for 10M lines; docs/benchmarks.md ## Import). A smaller cache for
  // the build spills the sort to a temp file instead, at little cost for a sequential merge.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${INDEX_BUILD_CACHE_KIB}`);
  try {
    for (const [name, columns] of PARTY_INDEXES)
      db.exec(`create index if not exists ${name} on invoices (${columns})`);
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

/**
 * An import met an item already stored under another product: the catalogue changed since those
 * lines were imported and they were not re-derived. Importing on would leave the new lines'
 * derived values (REO kg, flags) disagreeing with their item's product, so the batch stops.
 */
export class CatalogueOutOfSyncError extends Error {
  constructor(
    readonly itemName: string,
    readonly storedProductId: string | null,
    readonly importProductId: string | null,
  ) {
    super(
      `item "${itemName}" is stored as product ${storedProductId ?? '(none)'} but the catalogue now gives ${importProductId ?? '(none)'}: ` +
        'the catalogue changed since earlier lines were imported. Run `oresight rederive`, then import again (nothing was imported). ' +
        `商品“${itemName}”已按产品 ${storedProductId ?? '（无）'} 入库，而当前产品目录对应 ${importProductId ?? '（无）'}：` +
        '目录在上次导入后已修改。请先运行 `oresight rederive` 再重新导入（本次未导入任何数据）。',
    );
    this.name = 'CatalogueOutOfSyncError';
  }
}

export function sameHeader(a: InvoiceHeader, b: InvoiceHeader): boolean {
  return (
    a.issueDate === b.issueDate &&
    a.sellerTaxId === b.sellerTaxId &&
    a.buyerTaxId === b.buyerTaxId &&
    a.status === b.status &&
    a.invoiceKind === b.invoiceKind &&
    a.originalInvoiceKey === b.originalInvoiceKey
  );
}

/** The header fields of a line or stored invoice (names included), as a plain object. */
export function invoiceHeaderOf(r: InvoiceHeader): InvoiceHeader {
  return {
    issueDate: r.issueDate,
    sellerTaxId: r.sellerTaxId,
    sellerName: r.sellerName,
    buyerTaxId: r.buyerTaxId,
    buyerName: r.buyerName,
    invoiceKind: r.invoiceKind,
    status: r.status,
    originalInvoiceKey: r.originalInvoiceKey,
  };
}

const num = (x: number) => (Number.isNaN(x) ? null : x);

/**
 * The store ids an import's refs stand for, kept while the import may refer to them again, and the
 * invoices stored with another header (their lines get HEADER_CONFLICT).
 */
class ImportRefs {
  readonly invoiceIds = new Map<number, number>();
  readonly itemIds = new Map<number, number>();
  readonly conflicted = new Set<number>();
  private readonly line = { invoiceId: 0, itemId: 0, flags: 0 };

  /** Forgets refs below `minLiveRef`: the import will not use them again (bounded memory). */
  forget(minLiveRef: number): void {
    if (minLiveRef <= 0) return;
    for (const map of [this.invoiceIds, this.itemIds])
      for (const ref of map.keys()) if (ref < minLiveRef) map.delete(ref);
  }

  /** Line i's invoice and item ids and its flags; one object, reused for every line. */
  resolve(c: LineChunk, i: number): { invoiceId: number; itemId: number; flags: number } {
    const ref = c.invoiceRef[i] as number;
    const invoiceId = this.invoiceIds.get(ref);
    const itemId = this.itemIds.get(c.itemRef[i] as number);
    if (invoiceId === undefined || itemId === undefined)
      throw new Error(`line ${i} of a chunk refers to an invoice or item the chunk did not bring`);
    this.line.invoiceId = invoiceId;
    this.line.itemId = itemId;
    this.line.flags = this.conflicted.has(ref)
      ? (c.flags[i] as number) | LineFlag.HEADER_CONFLICT
      : (c.flags[i] as number);
    return this.line;
  }
}

function sqliteWriter(db: BetterSqlite3.Database, options: LineWriterOptions): LineWriter {
  let bulk: boolean | null = null;
  const insertInvoice = db.prepare(
    `insert into invoices (batch_id, source, invoice_key, invoice_code, invoice_number, e_invoice_number, issue_date, seller_tax_id, seller_name,
      buyer_tax_id, buyer_name, special_business, invoice_kind, status, original_invoice_key, remark)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (invoice_key) do nothing`,
  );
  const selectInvoice = db.prepare(
    `select id, issue_date as issueDate, seller_tax_id as sellerTaxId, seller_name as sellerName, buyer_tax_id as buyerTaxId,
      buyer_name as buyerName, invoice_kind as invoiceKind, status, original_invoice_key as originalInvoiceKey
     from invoices where invoice_key = ?`,
  );
  const insertItem = db.prepare(
    'insert into invoice_items (item_name, specification, unit, tax_code, product_id) values (?, ?, ?, ?, ?) on conflict do nothing',
  );
  const selectItem = db.prepare(
    'select id, product_id as productId from invoice_items where item_name = ? and specification = ? and unit = ? and tax_code = ?',
  );
  const insertLine = db.prepare(
    `insert into invoice_line_rows (invoice_id, line_no, batch_id, source, row_no, item_id, quantity, unit_price, amount_fen, tax_rate,
      tax_fen, total_fen, kg, reo_kg, flags)
     values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (invoice_id, line_no) do nothing`,
  );
  const refs = new ImportRefs();

  return {
    async finish() {
      if (bulk) restorePartyIndexes(db);
    },
    async write(c) {
      bulk ??= setPartyIndexesAside(db, options.expectedLines);
      refs.forget(c.minLiveRef);
      const storedHeaders = new Map<number, InvoiceHeader>();
      for (const inv of c.invoices) {
        const info = insertInvoice.run(
          c.batchId,
          inv.source,
          inv.invoiceKey,
          inv.invoiceCode,
          inv.invoiceNumber,
          inv.eInvoiceNumber,
          inv.issueDate,
          inv.sellerTaxId,
          inv.sellerName,
          inv.buyerTaxId,
          inv.buyerName,
          inv.specialBusiness,
          inv.invoiceKind,
          inv.status,
          inv.originalInvoiceKey,
          inv.remark,
        );
        if (info.changes === 1) {
          refs.invoiceIds.set(inv.ref, Number(info.lastInsertRowid));
          continue;
        }
        const stored = selectInvoice.get(inv.invoiceKey) as (InvoiceHeader & { id: number }) | undefined;
        if (!stored) throw new Error(`invoice ${inv.invoiceKey} is neither new nor stored`);
        refs.invoiceIds.set(inv.ref, Number(stored.id));
        if (!sameHeader(stored, inv)) {
          storedHeaders.set(inv.ref, invoiceHeaderOf(stored));
          refs.conflicted.add(inv.ref);
        }
      }
      for (const item of c.items) {
        const spec = item.specification ?? '';
        const taxCode = item.taxCode ?? '';
        const info = insertItem.run(item.itemName, spec, item.unit, taxCode, item.productId);
        if (info.changes === 1) {
          refs.itemIds.set(item.ref, Number(info.lastInsertRowid));
          continue;
        }
        const stored = selectItem.get(item.itemName, spec, item.unit, taxCode) as {
          id: number;
          productId: string | null;
        };
        if (stored.productId !== item.productId)
          throw new CatalogueOutOfSyncError(item.itemName, stored.productId, item.productId);
        refs.itemIds.set(item.ref, Number(stored.id));
      }
      const ids = new Float64Array(c.count);
      const invoiceIdOf = new Float64Array(c.count);
      for (let i = 0; i < c.count; i++) {
        const { invoiceId, itemId, flags } = refs.resolve(c, i);
        invoiceIdOf[i] = invoiceId;
        const info = insertLine.run(
          invoiceId,
          c.lineNo[i],
          c.batchId,
          c.rowNo[i],
          itemId,
          c.quantity[i],
          c.unitPrice[i],
          c.amountFen[i],
          num(c.taxRate[i] as number),
          c.taxFen[i],
          num(c.totalFen[i] as number),
          c.kg[i],
          c.reoKg[i],
          flags,
        );
        ids[i] = info.changes === 1 ? Number(info.lastInsertRowid) : Number.NaN;
      }
      return { ids, invoiceIds: invoiceIdOf, storedHeaders };
    },
  };
}

/** COPY text format: backslash escapes, \N for NULL. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return Number.isNaN(value) ? '\\N' : String(value);
  return value.replace(/[\\\t\n\r]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
  );
}

async function copyRows(
  client: pg.PoolClient,
  statement: string,
  rows: Iterable<(string | number | null)[]>,
): Promise<void> {
  const stream: Writable = client.query(copyStreams.from(statement));
  const parts: string[] = [];
  for (const row of rows) {
    parts.push(row.map(copyField).join('\t'));
    if (parts.length === 2000) {
      if (!stream.write(`${parts.join('\n')}\n`)) await once(stream, 'drain');
      parts.length = 0;
    }
  }
  if (parts.length > 0) stream.write(`${parts.join('\n')}\n`);
  stream.end();
  await once(stream, 'finish');
}

// No bulk-load index swap on PostgreSQL: DROP INDEX would lock the table against every reader
// (the API) until the import commits; COPY plus server-side index maintenance is fast enough.
function postgresWriter(client: pg.PoolClient): LineWriter {
  let staged = false;
  const refs = new ImportRefs();
  return {
    async finish() {},
    async write(c) {
      refs.forget(c.minLiveRef);
      if (!staged) {
        await client.query(`create temp table if not exists invoice_stage (ref bigint, batch_id bigint, source text, invoice_key text, invoice_code text,
          invoice_number text, e_invoice_number text, issue_date text, seller_tax_id text, seller_name text, buyer_tax_id text, buyer_name text,
          special_business text, invoice_kind text, status text, original_invoice_key text, remark text) on commit drop`);
        await client.query(
          'create temp table if not exists item_stage (ref bigint, item_name text, specification text, unit text, tax_code text, product_id text) on commit drop',
        );
        await client.query(`create temp table if not exists line_stage (seq integer, invoice_id bigint, line_no integer, batch_id bigint, row_no integer,
          item_id bigint, quantity text, unit_price text, amount_fen bigint, tax_rate double precision, tax_fen bigint, total_fen bigint,
          kg double precision, reo_kg double precision, flags integer) on commit drop`);
        staged = true;
      } else await client.query('truncate invoice_stage, item_stage, line_stage');
      const storedHeaders = new Map<number, InvoiceHeader>();
      if (c.invoices.length > 0) {
        await copyRows(
          client,
          'copy invoice_stage from stdin',
          c.invoices.map((v) => [
            v.ref,
            c.batchId,
            v.source,
            v.invoiceKey,
            v.invoiceCode,
            v.invoiceNumber,
            v.eInvoiceNumber,
            v.issueDate,
            v.sellerTaxId,
            v.sellerName,
            v.buyerTaxId,
            v.buyerName,
            v.specialBusiness,
            v.invoiceKind,
            v.status,
            v.originalInvoiceKey,
            v.remark,
          ]),
        );
        await client.query(`insert into invoices (batch_id, source, invoice_key, invoice_code, invoice_number, e_invoice_number, issue_date, seller_tax_id,
            seller_name, buyer_tax_id, buyer_name, special_business, invoice_kind, status, original_invoice_key, remark)
          select distinct on (invoice_key) batch_id, source, invoice_key, invoice_code, invoice_number, e_invoice_number, issue_date, seller_tax_id,
            seller_name, buyer_tax_id, buyer_name, special_business, invoice_kind, status, original_invoice_key, remark
          from invoice_stage order by invoice_key, ref on conflict (invoice_key) do nothing`);
        const stored = await client.query<InvoiceHeader & { ref: number; id: number; conflict: boolean }>(`
          select s.ref, i.id, i.issue_date as "issueDate", i.seller_tax_id as "sellerTaxId", i.seller_name as "sellerName", i.buyer_tax_id as "buyerTaxId",
            i.buyer_name as "buyerName", i.invoice_kind as "invoiceKind", i.status, i.original_invoice_key as "originalInvoiceKey",
            (s.issue_date, s.seller_tax_id, s.buyer_tax_id, s.status, s.invoice_kind, s.original_invoice_key)
              is distinct from (i.issue_date, i.seller_tax_id, i.buyer_tax_id, i.status, i.invoice_kind, i.original_invoice_key) as conflict
          from invoice_stage s join invoices i on i.invoice_key = s.invoice_key`);
        for (const r of stored.rows) {
          refs.invoiceIds.set(Number(r.ref), Number(r.id));
          if (r.conflict) {
            storedHeaders.set(Number(r.ref), invoiceHeaderOf(r));
            refs.conflicted.add(Number(r.ref));
          }
        }
      }
      if (c.items.length > 0) {
        await copyRows(
          client,
          'copy item_stage from stdin',
          c.items.map((t) => [
            t.ref,
            t.itemName,
            t.specification ?? '',
            t.unit,
            t.taxCode ?? '',
            t.productId,
          ]),
        );
        await client.query(`insert into invoice_items (item_name, specification, unit, tax_code, product_id)
          select distinct on (item_name, specification, unit, tax_code) item_name, specification, unit, tax_code, product_id
          from item_stage order by item_name, specification, unit, tax_code, ref on conflict do nothing`);
        const items = await client.query<{
          ref: number;
          id: number;
          itemName: string;
          storedProductId: string | null;
          importProductId: string | null;
        }>(`select s.ref, t.id, s.item_name as "itemName", t.product_id as "storedProductId", s.product_id as "importProductId"
          from item_stage s join invoice_items t
          on t.item_name = s.item_name and t.specification = s.specification and t.unit = s.unit and t.tax_code = s.tax_code`);
        for (const r of items.rows) {
          if (r.storedProductId !== r.importProductId)
            throw new CatalogueOutOfSyncError(r.itemName, r.storedProductId, r.importProductId);
          refs.itemIds.set(Number(r.ref), Number(r.id));
        }
      }
      const invoiceIdOf = new Float64Array(c.count);
      function* lineRows() {
        for (let i = 0; i < c.count; i++) {
          const { invoiceId, itemId, flags } = refs.resolve(c, i);
          invoiceIdOf[i] = invoiceId;
          yield [
            i,
            invoiceId,
            c.lineNo[i] as number,
            c.batchId,
            c.rowNo[i] as number,
            itemId,
            c.quantity[i] as string,
            c.unitPrice[i] as string,
            c.amountFen[i] as number,
            c.taxRate[i] as number,
            c.taxFen[i] as number,
            c.totalFen[i] as number,
            c.kg[i] as number,
            c.reoKg[i] as number,
            flags,
          ];
        }
      }
      await copyRows(client, 'copy line_stage from stdin', lineRows());
      const inserted = await client.query<{ id: number; invoice_id: number; line_no: number }>(`
        insert into invoice_line_rows (invoice_id, line_no, batch_id, row_no, item_id, quantity, unit_price, amount_fen, tax_rate, tax_fen, total_fen,
          kg, reo_kg, flags)
        select invoice_id, line_no, batch_id, row_no, item_id, quantity, unit_price, amount_fen, tax_rate, tax_fen, total_fen, kg, reo_kg, flags
        from line_stage order by seq
        on conflict (invoice_id, line_no) do nothing returning id, invoice_id, line_no`);
      const idByLine = new Map<string, number>();
      for (const r of inserted.rows) idByLine.set(`${r.invoice_id}:${r.line_no}`, Number(r.id));
      const ids = new Float64Array(c.count).fill(Number.NaN);
      for (let i = 0; i < c.count; i++) {
        const key = `${invoiceIdOf[i]}:${c.lineNo[i]}`;
        const id = idByLine.get(key);
        if (id === undefined) continue;
        idByLine.delete(key); // a second copy of the same line in this chunk is a duplicate
        ids[i] = id;
      }
      return { ids, invoiceIds: invoiceIdOf, storedHeaders };
    },
  };
}

/**
 * The bulk path for one import transaction.
 * @example const { ids } = await createLineWriter(tx).write(chunk) // ids[i] is NaN for a line already stored
 */
export function createLineWriter(tx: StoreTransaction, options: LineWriterOptions = {}): LineWriter {
  return tx.kind === 'sqlite' ? sqliteWriter(tx.sqlite, options) : postgresWriter(tx.pg);
}
