// Read models for the web app's dashboard and dossier (issue 6): list counts by region, an
// enterprise's flows with their illegal share, its price ratio over time.
import { Type } from 'typebox';
import { NullableNumber, NullableString } from './common.schema.ts';
import { List, ListNameSchema, RunRefSchema } from './enterprise.schema.ts';

const CountsSchema = Type.Object(
  { black: Type.Integer(), grey: Type.Integer(), white: Type.Integer(), unrated: Type.Integer() },
  { additionalProperties: false },
);

const PeriodSchema = Type.Union([
  Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }),
  Type.Null(),
]);

const NullableRunRef = Type.Union([RunRefSchema, Type.Null()]);

export const RegionSummaryQuerySchema = Type.Object(
  {
    runId: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest finished run' })),
    compareTo: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Default: the finished run before `runId`' }),
    ),
    level: Type.Optional(
      Type.Enum(['province', 'prefecture'], { type: 'string', description: 'Default province' }),
    ),
  },
  { additionalProperties: false },
);

export const RegionSummarySchema = Type.Object(
  {
    run: NullableRunRef,
    previous: Type.Union([RunRefSchema, Type.Null()], { description: 'The run compared against' }),
    level: Type.Enum(['province', 'prefecture'], { type: 'string' }),
    regions: List(
      Type.Object(
        {
          code: Type.Union([Type.String(), Type.Null()], { description: 'null: region unknown' }),
          nameZh: NullableString,
          nameEn: NullableString,
          enterprises: Type.Integer({ description: 'Entries of the run in the region' }),
          counts: CountsSchema,
          previous: Type.Union([CountsSchema, Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    totals: Type.Object(
      { counts: CountsSchema, previous: Type.Union([CountsSchema, Type.Null()]) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const FlowQuerySchema = Type.Object(
  {
    runId: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest finished run' })),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100,
        default: 12,
        description: 'Counterparties per side (the rest are summed)',
      }),
    ),
  },
  { additionalProperties: false },
);

const FlowPartySchema = Type.Object(
  {
    taxId: Type.String(),
    name: Type.String(),
    visible: Type.Boolean({ description: 'In the reader’s regions (else list and share are null)' }),
    registered: Type.Boolean(),
    region: NullableString,
    list: Type.Union([ListNameSchema, Type.Null()]),
    illegalShare: NullableNumber,
    reoKg: Type.Number({ description: 'Net REO kg on the edge' }),
    amount: Type.Number({ description: 'Net amount, CNY ex-VAT' }),
    lines: Type.Integer(),
    illegalKg: Type.Union([Type.Number(), Type.Null()], {
      description: 'REO kg tracing back to illegal sources: reoKg × the seller’s illegalShare',
    }),
  },
  { additionalProperties: false },
);

const FlowSideSchema = Type.Object(
  {
    items: List(FlowPartySchema),
    others: Type.Object(
      {
        parties: Type.Integer(),
        reoKg: Type.Number(),
        amount: Type.Number(),
        lines: Type.Integer(),
        illegalKg: NullableNumber,
      },
      { additionalProperties: false },
    ),
    totalReoKg: Type.Number(),
    illegalKg: Type.Number(),
    parties: Type.Integer(),
  },
  { additionalProperties: false },
);

export const FlowsSchema = Type.Object(
  {
    taxId: Type.String(),
    run: NullableRunRef,
    period: PeriodSchema,
    list: Type.Union([ListNameSchema, Type.Null()]),
    illegalShare: NullableNumber,
    suppliers: FlowSideSchema,
    customers: FlowSideSchema,
  },
  { additionalProperties: false },
);

export const PriceRatioQuerySchema = Type.Object(
  {
    runId: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest finished run' })),
    maxPoints: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 5000,
        default: 1500,
        description: 'Single-line points kept (largest REO kg first)',
      }),
    ),
  },
  { additionalProperties: false },
);

const BucketSchema = Type.Object(
  {
    lines: Type.Integer(),
    pricedLines: Type.Integer(),
    amount: Type.Number(),
    referenceValue: Type.Number(),
    ratio: NullableNumber,
    belowBandShare: NullableNumber,
  },
  { additionalProperties: false },
);

export const PriceRatioSchema = Type.Object(
  {
    taxId: Type.String(),
    run: NullableRunRef,
    period: PeriodSchema,
    priceBand: Type.Number(),
    priceStalenessDays: Type.Number(),
    months: List(
      Type.Object(
        { month: Type.String(), purchases: BucketSchema, sales: BucketSchema },
        { additionalProperties: false },
      ),
    ),
    totals: Type.Object({ purchases: BucketSchema, sales: BucketSchema }, { additionalProperties: false }),
    points: List(
      Type.Object(
        {
          id: Type.Integer(),
          date: Type.String(),
          side: Type.Enum(['purchase', 'sale'], { type: 'string' }),
          productId: Type.String(),
          ratio: Type.Number(),
          reoKg: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
    pointsTotal: Type.Integer(),
  },
  { additionalProperties: false },
);
