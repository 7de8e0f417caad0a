// Records → LineChunk (store/invoice-line.writer.ts): each invoice header and each item once, by
// reference, then the lines as typed arrays. Runs in the CSV parse worker (and in-process for
// XML and XLSX), so that the thread holding the database does little more than INSERT.
import type { InvoiceLineRecord } from '@oresight/core/ingest';
import { LineFlag } from '@oresight/core/domain';
import type { InvoiceHeader, InvoiceInput, ItemInput, LineChunk } from '@oresight/store';
import { invoiceHeaderOf, sameHeader } from '@oresight/store';

/** Invoices and items remembered before the encoder starts afresh (bounded memory on 10M-line files). */
const REMEMBERED = 200_000;

export interface EncodedChunk {
  readonly chunk: Omit<LineChunk, 'batchId'>;
  /**
   * The records as the store will hold them: a line whose header differs from its invoice's first
   * line takes that header (and HEADER_CONFLICT), as the store keeps one header per invoice.
   */
  readonly records: readonly InvoiceLineRecord[];
}

/** A record that takes an invoice header (its own differed). */
export function withHeader(r: InvoiceLineRecord, h: InvoiceHeader): InvoiceLineRecord {
  return {
    ...r,
    ...h,
    status: h.status as InvoiceLineRecord['status'],
    flags: r.flags | LineFlag.HEADER_CONFLICT,
  };
}

/**
 * An encoder for one import: refs stay valid across its chunks.
 * @example const enc = createLineChunkEncoder(); const { chunk } = enc.encode(records);
 */
export function createLineChunkEncoder() {
  let nextRef = 0;
  let minLiveRef = 0;
  const invoices = new Map<string, { ref: number; header: InvoiceHeader }>();
  const items = new Map<string, number>();
  return {
    encode(records: readonly InvoiceLineRecord[]): EncodedChunk {
      if (invoices.size + items.size > REMEMBERED) {
        invoices.clear();
        items.clear();
        minLiveRef = nextRef;
      }
      const n = records.length;
      const newInvoices: InvoiceInput[] = [];
      const newItems: ItemInput[] = [];
      const invoiceRef = new Int32Array(n);
      const itemRef = new Int32Array(n);
      const lineNo = new Int32Array(n);
      const rowNo = new Int32Array(n);
      const flags = new Int32Array(n);
      const amountFen = new Float64Array(n);
      const taxFen = new Float64Array(n);
      const totalFen = new Float64Array(n);
      const taxRate = new Float64Array(n);
      const kg = new Float64Array(n);
      const reoKg = new Float64Array(n);
      const quantity: string[] = new Array(n);
      const unitPrice: string[] = new Array(n);
      const out: InvoiceLineRecord[] = new Array(n);
      for (let i = 0; i < n; i++) {
        let r = records[i] as InvoiceLineRecord;
        let invoice = invoices.get(r.invoiceKey);
        if (!invoice) {
          invoice = { ref: nextRef++, header: invoiceHeaderOf(r) };
          invoices.set(r.invoiceKey, invoice);
          newInvoices.push({
            ref: invoice.ref,
            ...invoice.header,
            invoiceKey: r.invoiceKey,
            invoiceCode: r.invoiceCode,
            invoiceNumber: r.invoiceNumber,
            eInvoiceNumber: r.eInvoiceNumber,
            specialBusiness: r.specialBusiness,
            remark: r.remark,
            source: r.source,
          });
        } else if (!sameHeader(invoice.header, r)) r = withHeader(r, invoice.header);
        const key = `${r.itemName}\u0000${r.specification ?? ''}\u0000${r.unit}\u0000${r.taxCode ?? ''}`;
        let item = items.get(key);
        if (item === undefined) {
          item = nextRef++;
          items.set(key, item);
          newItems.push({
            ref: item,
            itemName: r.itemName,
            specification: r.specification,
            unit: r.unit,
            taxCode: r.taxCode,
            productId: r.productId,
          });
        }
        invoiceRef[i] = invoice.ref;
        itemRef[i] = item;
        lineNo[i] = r.lineNo;
        rowNo[i] = r.row;
        flags[i] = r.flags;
        amountFen[i] = r.amountFen;
        taxFen[i] = r.taxFen;
        totalFen[i] = r.totalFen ?? Number.NaN;
        taxRate[i] = r.taxRate ?? Number.NaN;
        kg[i] = r.kg;
        reoKg[i] = r.reoKg;
        quantity[i] = r.quantity;
        unitPrice[i] = r.unitPrice;
        out[i] = r;
      }
      return {
        chunk: {
          invoices: newInvoices,
          items: newItems,
          count: n,
          invoiceRef,
          itemRef,
          lineNo,
          rowNo,
          flags,
          amountFen,
          taxFen,
          totalFen,
          taxRate,
          kg,
          reoKg,
          quantity,
          unitPrice,
          minLiveRef,
        },
        records: out,
      };
    },
  };
}

export type LineChunkEncoder = ReturnType<typeof createLineChunkEncoder>;

/** The typed arrays of a chunk, for postMessage's transfer list. */
export function chunkTransferables(c: Omit<LineChunk, 'batchId'>): ArrayBuffer[] {
  return [
    c.invoiceRef,
    c.itemRef,
    c.lineNo,
    c.rowNo,
    c.flags,
    c.amountFen,
    c.taxFen,
    c.totalFen,
    c.taxRate,
    c.kg,
    c.reoKg,
  ].map((a) => a.buffer as ArrayBuffer);
}
