// Enterprises, their findings and dossiers; runs and their entries.
import { ENTERPRISE_ROLES } from '@oresight/core/domain';
import { ENTERPRISE_SORTS, SUMMARY_SIGNALS } from '@oresight/app';
import { Type } from 'typebox';
import type { TSchema } from 'typebox';
import {
  NullableInteger,
  NullableNumber,
  NullableString,
  ORDER,
  PAGING,
  RegionCodeSchema,
} from './common.schema.ts';

/** An array the handlers may hand over as `readonly` (same JSON schema). */
export function List<T extends TSchema>(item: T) {
  return Type.Immutable(Type.Array(item));
}

export const ListNameSchema = Type.Enum(['black', 'grey', 'white', 'unrated'], {
  type: 'string',
  description: 'black / grey / white / unrated (inspection.md §6)',
});
export const EnterpriseRoleSchema = Type.Enum([...ENTERPRISE_ROLES], { type: 'string' });

export const SummarySignalsSchema = Type.Object(
  Object.fromEntries(SUMMARY_SIGNALS.map((name) => [name, NullableNumber])) as Record<
    (typeof SUMMARY_SIGNALS)[number],
    typeof NullableNumber
  >,
  { additionalProperties: false, description: 'Key signals of the run entry (formats.md §7)' },
);

export const EnterpriseItemSchema = Type.Object(
  {
    taxId: Type.String(),
    name: Type.String(),
    roles: List(EnterpriseRoleSchema),
    region: NullableString,
    group: NullableString,
    registered: Type.Boolean({ description: 'In the registry (false: seen only on invoices)' }),
    deregistered: NullableString,
    list: Type.Union([ListNameSchema, Type.Null()]),
    score: NullableNumber,
    rules: List(Type.String({ description: 'Rule id of a reason' })),
    signals: Type.Union([SummarySignalsSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

export const RunRefSchema = Type.Object(
  {
    id: Type.Integer(),
    periodFrom: Type.String(),
    periodTo: Type.String(),
    policyId: Type.String(),
    policyVersion: Type.String(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

/**
 * The engine's signals (formats.md §7 and the engine's documented extras): every field is
 * typed; fields added by a later engine pass through unchanged.
 */
export const SignalsSchema = Type.Object(
  {
    lines: Type.Optional(Type.Number()),
    saleLines: Type.Optional(Type.Number()),
    purchaseLines: Type.Optional(Type.Number()),
    reoInKg: Type.Number(),
    reoOutKg: Type.Number(),
    purchaseAmount: Type.Optional(Type.Number()),
    saleAmount: Type.Optional(Type.Number()),
    purchaseValueGap: NullableNumber,
    saleValueGap: NullableNumber,
    pricedShare: NullableNumber,
    belowMarketShare: Type.Optional(NullableNumber),
    peerPricedShare: Type.Optional(NullableNumber),
    openingStockKg: Type.Optional(Type.Number()),
    miningQuotaKg: Type.Optional(Type.Number()),
    separationQuotaKg: Type.Optional(Type.Number()),
    recovery: Type.Optional(Type.Number()),
    capacityKg: Type.Optional(Type.Number()),
    unexplainedKg: Type.Number(),
    separationSoldKg: Type.Optional(Type.Number()),
    quotaOverrunKg: Type.Number(),
    elements: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            soldKg: Type.Number(),
            boughtKg: Type.Number(),
            capacityKg: Type.Number(),
            unexplainedKg: Type.Number(),
          },
          { additionalProperties: true },
        ),
      ),
    ),
    illegalShare: NullableNumber,
    illegalOutKg: Type.Optional(Type.Number()),
    cycleCount: Type.Optional(Type.Number()),
    cycleMaxReoKg: Type.Optional(Type.Number()),
    grossMargin: Type.Optional(NullableNumber),
    passThroughMedianDays: Type.Optional(NullableNumber),
    passThroughTrader: Type.Optional(Type.Boolean()),
    offRegisterShare: Type.Optional(NullableNumber),
    invoiceRuleBreachShare: Type.Optional(NullableNumber),
    invoiceRuleBreaches: Type.Optional(Type.Record(Type.String(), Type.Number())),
    daysFoundedToFirstInvoice: Type.Optional(NullableNumber),
    daysLastInvoiceToDeregistration: Type.Optional(NullableNumber),
    shortLivedIssuer: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

export const ReasonSchema = Type.Object(
  {
    rule: Type.String(),
    list: Type.String({ description: 'The list this rule points to' }),
    value: NullableNumber,
    threshold: NullableNumber,
    element: Type.Optional(Type.String()),
    text: Type.String({ description: 'Chinese sentence' }),
    textEn: Type.String({ description: 'English sentence' }),
    evidence: List(Type.String({ description: '`<invoiceKey>/<lineNo>` of a contributing line' })),
  },
  { additionalProperties: true },
);

export const DossierSchema = Type.Object(
  {
    taxId: Type.String(),
    name: Type.String(),
    roles: List(EnterpriseRoleSchema),
    region: NullableString,
    regionNameZh: NullableString,
    regionNameEn: NullableString,
    group: NullableString,
    registered: Type.Boolean(),
    registry: Type.Union([
      Type.Object(
        {
          miningLicence: NullableString,
          founded: NullableString,
          deregistered: NullableString,
          openingStockKg: NullableNumber,
          extra: Type.Record(Type.String(), Type.String()),
          taxIdCheckFailed: Type.Boolean(),
          batchId: NullableInteger,
          updatedAt: Type.String(),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    latest: Type.Union([
      Type.Object(
        {
          run: RunRefSchema,
          list: ListNameSchema,
          score: Type.Number(),
          signals: SignalsSchema,
          reasons: List(ReasonSchema),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    history: List(
      Type.Object(
        {
          runId: Type.Integer(),
          periodFrom: Type.String(),
          periodTo: Type.String(),
          createdAt: Type.String(),
          list: ListNameSchema,
          score: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
    quotas: List(
      Type.Object(
        { year: Type.Integer(), batch: Type.String(), kind: Type.String(), kg: Type.Number() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const ENTERPRISE_FILTERS = {
  region: Type.Optional(RegionCodeSchema),
  role: Type.Optional(EnterpriseRoleSchema),
  group: Type.Optional(Type.String({ maxLength: 200, description: 'Exact registered group name' })),
  list: Type.Optional(Type.Enum(['black', 'grey', 'white', 'unrated', 'none'], { type: 'string' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the name or taxpayer ID' })),
  sort: Type.Optional(
    Type.Enum([...ENTERPRISE_SORTS], {
      type: 'string',
      description: 'Default `list`: black first, riskiest first within a list',
    }),
  ),
  order: ORDER,
};

export const EnterpriseListQuery = Type.Object(
  {
    ...ENTERPRISE_FILTERS,
    registered: Type.Optional(Type.Boolean()),
    runId: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest finished run' })),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const EnterpriseExportQuery = Type.Object(
  {
    ...ENTERPRISE_FILTERS,
    registered: Type.Optional(Type.Boolean()),
    runId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const RunEntryQuery = Type.Object(
  { ...ENTERPRISE_FILTERS, ...PAGING },
  { additionalProperties: false },
);
export const RunEntryExportQuery = Type.Object({ ...ENTERPRISE_FILTERS }, { additionalProperties: false });

export const RunSchema = Type.Object(
  {
    id: Type.Integer(),
    status: Type.String({ description: 'running, done or failed' }),
    periodFrom: Type.String(),
    periodTo: Type.String(),
    policyId: Type.String(),
    policyVersion: Type.String(),
    policyHash: Type.String(),
    fingerprint: Type.String(),
    invoiceLines: Type.Integer(),
    enterprises: Type.Integer(),
    counts: Type.Object(
      { black: Type.Integer(), grey: Type.Integer(), white: Type.Integer(), unrated: Type.Integer() },
      { additionalProperties: false },
    ),
    createdAt: Type.String(),
    finishedAt: NullableString,
    userName: NullableString,
    error: NullableString,
  },
  { additionalProperties: false },
);

export const RunEntryItemSchema = Type.Object(
  {
    taxId: Type.String(),
    name: Type.String(),
    roles: List(EnterpriseRoleSchema),
    region: NullableString,
    group: NullableString,
    registered: Type.Boolean(),
    list: ListNameSchema,
    score: Type.Number(),
    rules: List(Type.String()),
    signals: Type.Union([SummarySignalsSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

export const RunEntryDetailSchema = Type.Object(
  {
    runId: Type.Integer(),
    taxId: Type.String(),
    name: Type.String(),
    roles: List(EnterpriseRoleSchema),
    region: NullableString,
    group: NullableString,
    registered: Type.Boolean(),
    list: ListNameSchema,
    score: Type.Number(),
    rules: List(Type.String()),
    signals: SignalsSchema,
    reasons: List(ReasonSchema),
  },
  { additionalProperties: false },
);

const SignalDeltaSchema = Type.Object(
  {
    signal: Type.String(),
    a: Type.Union([Type.Number(), Type.Boolean(), Type.Null()]),
    b: Type.Union([Type.Number(), Type.Boolean(), Type.Null()]),
  },
  { additionalProperties: false },
);

const ReasonChangeSchema = Type.Object(
  {
    rule: Type.String(),
    element: Type.Optional(Type.String()),
    value: NullableNumber,
    threshold: NullableNumber,
    text: Type.String(),
    textEn: Type.String(),
    signals: List(SignalDeltaSchema),
  },
  { additionalProperties: false },
);

const CountsSchema = Type.Object(
  { black: Type.Integer(), grey: Type.Integer(), white: Type.Integer(), unrated: Type.Integer() },
  { additionalProperties: false },
);

export const RunDiffSchema = Type.Object(
  {
    a: RunRefSchema,
    b: RunRefSchema,
    period: Type.Object(
      {
        same: Type.Boolean(),
        a: Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }),
        b: Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    policy: Type.Object(
      {
        same: Type.Boolean(),
        parameterChanges: List(
          Type.Object(
            { parameter: Type.String(), a: Type.Unknown(), b: Type.Unknown() },
            { additionalProperties: false },
          ),
        ),
        ruleChanges: List(Type.Object({ rule: Type.String() }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
    data: Type.Object(
      { same: Type.Boolean(), a: Type.String(), b: Type.String() },
      { additionalProperties: false },
    ),
    counts: Type.Object({ a: CountsSchema, b: CountsSchema }, { additionalProperties: false }),
    cycles: Type.Object(
      { appeared: Type.Integer(), disappeared: Type.Integer() },
      { additionalProperties: false, description: 'Cycles whose members the reader may all see' },
    ),
    enterprises: Type.Object(
      {
        items: List(
          Type.Object(
            {
              taxId: Type.String(),
              name: Type.String(),
              from: Type.Union([ListNameSchema, Type.Null()]),
              to: Type.Union([ListNameSchema, Type.Null()]),
              moved: Type.Boolean(),
              scoreFrom: NullableNumber,
              scoreTo: NullableNumber,
              reasonsAppeared: List(ReasonChangeSchema),
              reasonsDisappeared: List(ReasonChangeSchema),
              signalChanges: List(SignalDeltaSchema),
            },
            { additionalProperties: false },
          ),
        ),
        total: Type.Integer(),
        limit: Type.Integer(),
        offset: Type.Integer(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
