// Quotas, reference prices, the product catalogue.
import { PRODUCT_CATEGORIES, QUOTA_KINDS } from '@oresight/core/domain';
import { Type } from 'typebox';
import {
  IsoDateSchema,
  NullableNumber,
  NullableString,
  ORDER,
  PAGING,
  TaxIdSchema,
} from './common.schema.ts';
import { List } from './enterprise.schema.ts';

export const QuotaSchema = Type.Object(
  {
    id: Type.Integer(),
    year: Type.Integer(),
    batch: Type.String({ description: 'Quota batch (批次), may be empty' }),
    taxId: NullableString,
    group: NullableString,
    kind: Type.String({ description: 'mining_rock, mining_ionic or separation' }),
    kg: Type.Number({ description: 'kg REO' }),
    batchId: Type.Integer(),
  },
  { additionalProperties: false },
);

export const QuotaQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })),
    kind: Type.Optional(Type.Enum([...QUOTA_KINDS], { type: 'string' })),
    taxId: Type.Optional(TaxIdSchema),
    group: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(Type.Enum(['year', 'kg', 'taxId', 'groupName', 'kind'], { type: 'string' })),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);

export const PriceSchema = Type.Object(
  {
    id: Type.Integer(),
    date: Type.String(),
    productId: Type.String(),
    productNameZh: NullableString,
    price: Type.Number({ description: 'As quoted, per `unit`' }),
    unit: Type.String(),
    vatIncluded: Type.Boolean(),
    source: Type.String(),
    pricePerKg: Type.Union([Type.Number(), Type.Null()], {
      description: 'Normalised: CNY per kg of product ex-VAT (null: unusable quote)',
    }),
    batchId: Type.Integer(),
  },
  { additionalProperties: false },
);

export const PriceQuery = Type.Object(
  {
    product: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(IsoDateSchema),
    to: Type.Optional(IsoDateSchema),
    source: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(Type.Enum(['date', 'productId', 'price'], { type: 'string' })),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);

export const ProductSchema = Type.Object(
  {
    id: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    aliases: List(Type.String()),
    category: Type.Enum([...PRODUCT_CATEGORIES], { type: 'string' }),
    basis: Type.Enum(['reo', 'product'], { type: 'string' }),
    reoPerKg: Type.Number(),
    composition: Type.Record(Type.String(), Type.Number()),
    hsCode: Type.Optional(Type.String()),
    oreType: Type.Optional(Type.Enum(['rock', 'ionic'], { type: 'string' })),
    specOverride: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const MarketQuerySchema = Type.Object(
  {
    from: IsoDateSchema,
    to: IsoDateSchema,
    bucket: Type.Optional(Type.Enum(['month', 'week'], { type: 'string', description: 'Default month' })),
    product: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    category: Type.Optional(
      Type.Enum([...PRODUCT_CATEGORIES], {
        type: 'string',
        description: 'Category of the group shares (default separation)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const MarketSchema = Type.Object(
  {
    period: Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }),
    bucket: Type.Enum(['month', 'week'], { type: 'string' }),
    scoped: Type.Boolean({ description: 'Figures cover only the reader’s regions' }),
    products: List(
      Type.Object(
        {
          productId: Type.String(),
          nameZh: Type.String(),
          nameEn: Type.String(),
          category: Type.String(),
          reference: List(
            Type.Object(
              { date: Type.String(), pricePerKg: Type.Number(), quotes: Type.Integer() },
              { additionalProperties: false },
            ),
          ),
          buckets: List(
            Type.Object(
              {
                start: Type.String(),
                lines: Type.Integer(),
                kg: Type.Number(),
                reoKg: Type.Number(),
                amount: Type.Number({ description: 'CNY ex-VAT, net of red-letter lines' }),
                impliedPricePerKg: NullableNumber,
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    groupShares: Type.Object(
      {
        category: Type.String(),
        totalReoKg: Type.Number(),
        hhi: Type.Number({ description: 'Herfindahl–Hirschman index, 0–10,000, groups as one firm' }),
        firms: Type.Integer(),
        groups: List(
          Type.Object(
            {
              group: NullableString,
              reoKg: Type.Number(),
              share: Type.Number(),
              enterprises: Type.Integer(),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    quotaUse: List(
      Type.Object(
        {
          year: Type.Integer(),
          kind: Type.String(),
          taxId: NullableString,
          group: NullableString,
          name: Type.String(),
          quotaKg: Type.Number(),
          periodQuotaKg: Type.Number(),
          usedKg: Type.Number(),
          use: NullableNumber,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
