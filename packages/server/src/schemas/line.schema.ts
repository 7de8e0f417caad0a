// Invoice lines.
import { LineFlag } from '@oresight/core/domain';
import { Type } from 'typebox';
import {
  IsoDateSchema,
  NullableInteger,
  NullableNumber,
  NullableString,
  ORDER,
  PAGING,
  TaxIdSchema,
} from './common.schema.ts';
import { List } from './enterprise.schema.ts';

export const LINE_FLAG_NAMES = Object.keys(LineFlag) as (keyof typeof LineFlag)[];
export const LineFlagSchema = Type.Enum(LINE_FLAG_NAMES, { type: 'string' });

export const LineSchema = Type.Object(
  {
    id: Type.Integer(),
    batchId: Type.Integer(),
    source: Type.String({ description: 'File (or zip/folder entry) the line came from' }),
    rowNo: Type.Integer({ description: '1-based row in that file (header = 1)' }),
    invoiceKey: Type.String(),
    lineNo: Type.Integer(),
    invoiceCode: NullableString,
    invoiceNumber: NullableString,
    eInvoiceNumber: NullableString,
    issueDate: Type.String(),
    sellerTaxId: Type.String(),
    sellerName: Type.String(),
    buyerTaxId: Type.String(),
    buyerName: Type.String(),
    taxCode: NullableString,
    specialBusiness: NullableString,
    itemName: Type.String(),
    specification: NullableString,
    productId: NullableString,
    productNameZh: NullableString,
    productNameEn: NullableString,
    unit: Type.String(),
    quantity: Type.String({ description: 'Exact decimal as invoiced' }),
    unitPrice: Type.String({ description: 'Exact decimal, CNY ex-VAT per unit' }),
    amountFen: Type.Integer({ description: 'Amount ex-VAT in fen (CNY × 100)' }),
    taxRate: NullableNumber,
    taxFen: Type.Integer(),
    totalFen: NullableInteger,
    invoiceKind: NullableString,
    status: Type.String({ description: 'normal, void, reversed, partly_reversed' }),
    originalInvoiceKey: NullableString,
    remark: NullableString,
    kg: Type.Number({ description: 'kg of product (negative on red-letter lines)' }),
    reoKg: Type.Number(),
    flags: Type.Integer({ description: 'LineFlag bits' }),
    flagNames: List(LineFlagSchema),
    reference: Type.Union([
      Type.Object(
        {
          pricePerKg: Type.Number({ description: 'CNY per kg of product, ex-VAT' }),
          quoteDate: Type.String(),
          quotes: Type.Integer({ description: 'Quotes averaged on that date' }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    priceRatio: Type.Union([Type.Number(), Type.Null()], {
      description: 'Unit price per kg ex-VAT ÷ reference (inspection.md §2); null when unpriced',
    }),
  },
  { additionalProperties: false },
);

const LINE_FILTERS = {
  seller: Type.Optional(TaxIdSchema),
  buyer: Type.Optional(TaxIdSchema),
  product: Type.Optional(Type.String({ maxLength: 64, description: 'Catalogue product id, or `unmatched`' })),
  from: Type.Optional(IsoDateSchema),
  to: Type.Optional(IsoDateSchema),
  invoice: Type.Optional(Type.String({ maxLength: 100, description: 'Invoice key' })),
  status: Type.Optional(Type.Enum(['normal', 'void', 'reversed', 'partly_reversed'], { type: 'string' })),
  flag: Type.Optional(
    Type.Array(LineFlagSchema, { maxItems: 16, description: 'Lines with any of these warnings' }),
  ),
  batchId: Type.Optional(Type.Integer({ minimum: 1 })),
  minRatio: Type.Optional(Type.Number({ minimum: 0, description: 'Price ratio ≥ (priced lines only)' })),
  maxRatio: Type.Optional(Type.Number({ minimum: 0, description: 'Price ratio ≤ (priced lines only)' })),
  sort: Type.Optional(
    Type.Enum(['issueDate', 'amount', 'reoKg', 'kg', 'id'], {
      type: 'string',
      description: 'Default issueDate',
    }),
  ),
  order: ORDER,
};

export const LineSearchQuery = Type.Object(
  { party: Type.Optional(TaxIdSchema), ...LINE_FILTERS, ...PAGING },
  { additionalProperties: false },
);
export const LineExportQuery = Type.Object(
  { party: Type.Optional(TaxIdSchema), ...LINE_FILTERS },
  { additionalProperties: false },
);
export const EnterpriseLinesQuery = Type.Object(
  {
    side: Type.Optional(
      Type.Enum(['any', 'sales', 'purchases'], { type: 'string', description: 'Default any' }),
    ),
    ...LINE_FILTERS,
    ...PAGING,
  },
  { additionalProperties: false },
);
