// Reading an invoice source into the batch's sink: CSV through the parse worker (bulk path),
// XLSX, a single e-invoice XML, a zip or a folder of them in this thread.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestOptions } from '@oresight/core/ingest';
import { parseEInvoiceXml, parseXlsx, readZipEntries } from '@oresight/core/ingest';
import type { Counters } from './import-counters.ts';
import { absorbIssues } from './import-counters.ts';
import type { ImportSource } from './file-source.ts';
import type { InvoiceSink } from './invoice-sink.ts';
import { parseCsvInWorker } from './csv-parse.client.ts';
import { unknownFormat } from './source-issues.ts';

export interface InvoiceReadContext {
  readonly source: ImportSource;
  readonly sheet: string | undefined;
  readonly encoding: 'auto' | 'utf8' | 'gb18030' | undefined;
  readonly ingest: IngestOptions & { readonly overrides: readonly unknown[] };
  readonly counters: Counters;
  readonly sink: InvoiceSink;
  readonly onBytes: (chunk: Uint8Array) => Promise<void>;
  /** False once the batch is refused: keep reading to report every bad row, write nothing. */
  readonly writing: () => boolean;
  /** Called after each step so that rejects (with --skip-invalid) are written as they come. */
  readonly afterStep: () => Promise<void>;
}

async function readCsvInWorker(ctx: InvoiceReadContext): Promise<void> {
  const { counters, sink } = ctx;
  const parse = parseCsvInWorker({
    path: ctx.source.path,
    source: ctx.source.name,
    ...(ctx.encoding ? { encoding: ctx.encoding } : {}),
    overrides: ctx.ingest.overrides,
    allowList: [...(ctx.ingest.taxIdAllowList ?? [])],
  });
  for await (const m of parse.events) {
    if (m.type === 'chunk') {
      if (m.bytes) await ctx.onBytes(m.bytes);
      absorbIssues(counters, m);
      if (ctx.writing() && m.chunk.count > 0) {
        const written = await sink.writeChunk(m.chunk);
        parse.reply({
          type: 'ids',
          seq: m.seq,
          ids: written.ids,
          invoiceIds: written.invoiceIds,
          storedHeaders: [...written.storedHeaders],
        });
      } else
        parse.reply({
          type: 'ids',
          seq: m.seq,
          ids: new Float64Array(m.chunk.count).fill(Number.NaN),
          invoiceIds: new Float64Array(m.chunk.count).fill(Number.NaN),
          storedHeaders: [],
        });
      await ctx.afterStep();
    } else if (m.type === 'segment') {
      if (ctx.writing()) await sink.writeSegment(m.segment);
    } else counters.encoding = m.encoding;
  }
}

/** Entries named as the user sees them: `file.xml`, or `archive.zip/inner.xml`, `folder/inner.xml`. */
async function readXmlEntries(
  ctx: InvoiceReadContext,
  entries: readonly { source: string; bytes: Uint8Array }[],
): Promise<void> {
  for (const entry of entries) {
    const out = parseEInvoiceXml(entry.bytes, { ...ctx.ingest, source: entry.source });
    absorbIssues(ctx.counters, out);
    if (ctx.writing()) await ctx.sink.writeRecords(out.records);
    await ctx.afterStep();
  }
}

/**
 * Feeds every line of an invoice source to the batch's sink.
 * @example await readInvoiceSource({ source, sink, counters, … });
 */
export async function readInvoiceSource(ctx: InvoiceReadContext): Promise<void> {
  const { source } = ctx;
  switch (source.format) {
    case 'csv':
      return readCsvInWorker(ctx);
    case 'xlsx': {
      const bytes = await readFile(source.path);
      await ctx.onBytes(bytes);
      const out = parseXlsx('invoices', bytes, { ...ctx.ingest, ...(ctx.sheet ? { sheet: ctx.sheet } : {}) });
      absorbIssues(ctx.counters, out);
      if (ctx.writing()) await ctx.sink.writeRecords(out.records);
      return ctx.afterStep();
    }
    case 'xml': {
      const bytes = await readFile(source.path);
      await ctx.onBytes(bytes);
      return readXmlEntries(ctx, [{ source: source.name, bytes }]);
    }
    case 'zip': {
      const bytes = await readFile(source.path);
      await ctx.onBytes(bytes);
      return readXmlEntries(
        ctx,
        readZipEntries(bytes).map((e) => ({ source: `${source.name}/${e.name}`, bytes: e.bytes })),
      );
    }
    case 'xml-folder': {
      let batch: { source: string; bytes: Uint8Array }[] = [];
      for (const name of source.entries) {
        const bytes = await readFile(join(source.path, name));
        await ctx.onBytes(bytes);
        batch.push({ source: `${source.name}/${name}`, bytes });
        if (batch.length >= 1000) {
          await readXmlEntries(ctx, batch);
          batch = [];
        }
      }
      return readXmlEntries(ctx, batch);
    }
    default:
      ctx.counters.fatal = unknownFormat(source);
  }
}
