// List governance: overrides, the list in force, publications, appeals (issue 7).
import { APPEAL_OUTCOMES, OVERRIDE_STATUSES } from '@oresight/app';
import { Type } from 'typebox';
import {
  IsoDateSchema,
  NullableInteger,
  NullableString,
  ORDER,
  PAGING,
  RegionCodeSchema,
} from './common.schema.ts';
import { EnterpriseRoleSchema, List, ListNameSchema } from './enterprise.schema.ts';

const TaxId = Type.String({ minLength: 15, maxLength: 20, pattern: '^[0-9A-Za-z]+$' });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const OverrideStatusSchema = Type.Enum([...OVERRIDE_STATUSES], { type: 'string' });

export const OverrideSchema = Type.Object(
  {
    id: Type.Integer(),
    runId: Type.Integer(),
    taxId: Type.String(),
    name: Type.String(),
    region: NullableString,
    regionNameZh: NullableString,
    regionNameEn: NullableString,
    computedList: ListNameSchema,
    fromList: ListNameSchema,
    list: ListNameSchema,
    reason: Type.String(),
    expiresOn: NullableString,
    needsApproval: Type.Boolean({ description: 'Onto or off the black list: a second user must approve' }),
    status: OverrideStatusSchema,
    inForce: Type.Boolean(),
    requestedBy: Type.String(),
    requestedAt: Type.String(),
    decidedBy: NullableString,
    decidedAt: NullableString,
    decisionNote: NullableString,
  },
  { additionalProperties: false },
);

export const OverrideBody = Type.Object(
  {
    runId: Type.Integer({ minimum: 1 }),
    taxId: TaxId,
    list: ListNameSchema,
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    expiresOn: Type.Optional(Type.Union([IsoDateSchema, Type.Null()], { description: 'Last day in force' })),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const RequiredNoteBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const OverrideQuery = Type.Object(
  {
    runId: Type.Optional(Type.Integer({ minimum: 1 })),
    taxId: Type.Optional(Type.String({ maxLength: 20 })),
    status: Type.Optional(OverrideStatusSchema),
    inForce: Type.Optional(Type.Boolean()),
    order: Type.Optional(
      Type.Enum(['desc'], { type: 'string', description: 'Newest first (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const EffectiveEntrySchema = Type.Object(
  {
    taxId: Type.String(),
    name: Type.String(),
    region: NullableString,
    regionNameZh: NullableString,
    regionNameEn: NullableString,
    roles: List(EnterpriseRoleSchema),
    group: NullableString,
    score: Type.Number(),
    rules: List(Type.String()),
    computedList: ListNameSchema,
    list: ListNameSchema,
    override: Type.Union([
      Type.Object(
        {
          id: Type.Integer(),
          reason: Type.String(),
          expiresOn: NullableString,
          requestedBy: Type.String(),
          decidedBy: NullableString,
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    pendingOverrideId: NullableInteger,
  },
  { additionalProperties: false },
);

const Counts = Type.Object(
  { black: Type.Integer(), grey: Type.Integer(), white: Type.Integer(), unrated: Type.Integer() },
  { additionalProperties: false },
);

export const EffectiveListPageSchema = Type.Object(
  {
    run: Type.Object(
      {
        id: Type.Integer(),
        periodFrom: Type.String(),
        periodTo: Type.String(),
        policyId: Type.String(),
        policyVersion: Type.String(),
        createdAt: Type.String(),
      },
      { additionalProperties: false },
    ),
    asOf: Type.String(),
    counts: Counts,
    overridden: Type.Integer(),
    items: List(EffectiveEntrySchema),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { additionalProperties: false },
);

export const EffectiveListQuery = Type.Object(
  {
    list: Type.Optional(ListNameSchema),
    region: Type.Optional(RegionCodeSchema),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    overridden: Type.Optional(Type.Boolean({ description: 'Only entries with an override in force' })),
    asOf: Type.Optional(IsoDateSchema),
    sort: Type.Optional(
      Type.Enum(['list', 'score', 'taxId'], { type: 'string', description: 'Default list (then score)' }),
    ),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object(
  {
    lang: Type.Optional(Type.Enum(['zh', 'en'], { type: 'string', default: 'zh' })),
    asOf: Type.Optional(IsoDateSchema),
  },
  { additionalProperties: false },
);

export const PublicationSchema = Type.Object(
  {
    id: Type.Integer(),
    runId: Type.Integer(),
    title: Type.String(),
    asOf: Type.String(),
    entries: Type.Integer(),
    counts: Counts,
    overrides: Type.Integer(),
    sha256: Type.String({ description: 'SHA-256 of the frozen entries (see docs/campaigns.md)' }),
    publishedAt: Type.String(),
    publishedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const PublicationBody = Type.Object(
  {
    runId: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    asOf: Type.Optional(IsoDateSchema),
  },
  { additionalProperties: false },
);

export const PublicationQuery = Type.Object(
  {
    runId: Type.Optional(Type.Integer({ minimum: 1 })),
    order: Type.Optional(
      Type.Enum(['desc'], { type: 'string', description: 'Newest first (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const PublicationEntrySchema = Type.Object(
  {
    publicationId: Type.Integer(),
    taxId: Type.String(),
    name: Type.String(),
    region: NullableString,
    regionNameZh: NullableString,
    regionNameEn: NullableString,
    roles: List(Type.String()),
    group: NullableString,
    computedList: ListNameSchema,
    list: ListNameSchema,
    score: Type.Number(),
    rules: List(Type.String()),
    overrideId: NullableInteger,
    overrideReason: NullableString,
    overrideExpiresOn: NullableString,
  },
  { additionalProperties: false },
);

export const PublicationEntryQuery = Type.Object(
  {
    list: Type.Optional(ListNameSchema),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    order: Type.Optional(
      Type.Enum(['asc'], { type: 'string', description: 'By list, then score (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const AppealSchema = Type.Object(
  {
    id: Type.Integer(),
    publicationId: Type.Integer(),
    taxId: Type.String(),
    name: Type.String(),
    region: NullableString,
    regionNameZh: NullableString,
    regionNameEn: NullableString,
    list: ListNameSchema,
    filedOn: Type.String(),
    grounds: Type.String(),
    status: Type.Enum(['pending', ...APPEAL_OUTCOMES], { type: 'string' }),
    outcomeNote: NullableString,
    filedBy: Type.String(),
    filedAt: Type.String(),
    decidedBy: NullableString,
    decidedAt: NullableString,
  },
  { additionalProperties: false },
);

export const AppealBody = Type.Object(
  {
    taxId: TaxId,
    filedOn: Type.Optional(IsoDateSchema),
    grounds: Type.String({ minLength: 1, maxLength: 5000 }),
  },
  { additionalProperties: false },
);

export const AppealDecisionBody = Type.Object(
  {
    outcome: Type.Enum([...APPEAL_OUTCOMES], { type: 'string' }),
    note: Type.String({ minLength: 1, maxLength: 5000 }),
  },
  { additionalProperties: false },
);

export const AppealQuery = Type.Object(
  {
    publicationId: Type.Optional(Type.Integer({ minimum: 1 })),
    taxId: Type.Optional(Type.String({ maxLength: 20 })),
    status: Type.Optional(Type.Enum(['pending', ...APPEAL_OUTCOMES], { type: 'string' })),
    order: Type.Optional(
      Type.Enum(['asc'], { type: 'string', description: 'Oldest first (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);
