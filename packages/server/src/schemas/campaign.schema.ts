// Campaigns, their measures and the registration of enterprises (issue 7).
import { CAMPAIGN_STATUSES, REGISTRATION_STATUSES, TASK_KINDS } from '@oresight/app';
import { Type } from 'typebox';
import { IsoDateSchema, NullableNumber, NullableString, PAGING, RegionCodeSchema } from './common.schema.ts';
import { EnterpriseRoleSchema, List } from './enterprise.schema.ts';

export const MeasureTextSchema = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const TaskKindSchema = Type.Enum([...TASK_KINDS], {
  type: 'string',
  description:
    'onsite_inspection 现场检查, document_request 调取资料, desk_review 书面审查, data_collection 补充采集数据, routine_check 例行检查',
});

const ListMeasureSchema = Type.Object(
  {
    task: Type.Union([TaskKindSchema, Type.Null()], {
      description: 'The task an entry of this list gets; null: none',
    }),
    dueDays: Type.Integer({ description: 'Days from the generation date to the deadline' }),
    measures: List(MeasureTextSchema),
  },
  { additionalProperties: false },
);

export const CampaignMeasuresSchema = Type.Object(
  { black: ListMeasureSchema, grey: ListMeasureSchema, white: ListMeasureSchema, unrated: ListMeasureSchema },
  { additionalProperties: false, description: 'What each list means in this campaign (inspection.md §7)' },
);

const ListMeasureInput = Type.Object(
  {
    task: Type.Optional(Type.Union([TaskKindSchema, Type.Null()])),
    dueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    measures: Type.Optional(Type.Array(MeasureTextSchema, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

const MeasuresInput = Type.Object(
  {
    black: Type.Optional(ListMeasureInput),
    grey: Type.Optional(ListMeasureInput),
    white: Type.Optional(ListMeasureInput),
    unrated: Type.Optional(ListMeasureInput),
  },
  {
    additionalProperties: false,
    description: 'Some lists’ measures, merged over the current ones (defaults: inspection.md §7)',
  },
);

const RegionRef = Type.Object(
  { code: Type.String(), nameZh: Type.String(), nameEn: Type.String() },
  { additionalProperties: false },
);

export const CampaignSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    periodFrom: Type.String(),
    periodTo: Type.String(),
    regions: List(RegionRef),
    roles: List(EnterpriseRoleSchema),
    measures: CampaignMeasuresSchema,
    description: Type.String(),
    status: Type.Enum([...CAMPAIGN_STATUSES], { type: 'string' }),
    createdAt: Type.String(),
    createdBy: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

const CampaignFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  periodFrom: IsoDateSchema,
  periodTo: IsoDateSchema,
  regions: Type.Array(RegionCodeSchema, {
    maxItems: 100,
    description: 'Province or city codes; none = nationwide',
  }),
  roles: Type.Array(EnterpriseRoleSchema, {
    maxItems: 7,
    description: 'Enterprise roles; none = every role',
  }),
  measures: MeasuresInput,
  description: Type.String({ maxLength: 5000 }),
};

export const NewCampaignBody = Type.Object(
  {
    name: CampaignFields.name,
    periodFrom: CampaignFields.periodFrom,
    periodTo: CampaignFields.periodTo,
    regions: Type.Optional(CampaignFields.regions),
    roles: Type.Optional(CampaignFields.roles),
    measures: Type.Optional(CampaignFields.measures),
    description: Type.Optional(CampaignFields.description),
  },
  { additionalProperties: false },
);

export const CampaignPatchBody = Type.Object(
  {
    name: Type.Optional(CampaignFields.name),
    periodFrom: Type.Optional(CampaignFields.periodFrom),
    periodTo: Type.Optional(CampaignFields.periodTo),
    regions: Type.Optional(CampaignFields.regions),
    roles: Type.Optional(CampaignFields.roles),
    measures: Type.Optional(CampaignFields.measures),
    description: Type.Optional(CampaignFields.description),
    status: Type.Optional(Type.Enum([...CAMPAIGN_STATUSES], { type: 'string' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CampaignQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...CAMPAIGN_STATUSES], { type: 'string' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name' })),
    order: Type.Optional(
      Type.Enum(['desc'], { type: 'string', description: 'Newest first (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const CampaignParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

const TaxId = Type.String({ minLength: 15, maxLength: 20, pattern: '^[0-9A-Za-z]+$' });

export const RegistrationParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), taxId: TaxId },
  { additionalProperties: false },
);

export const LicenceSchema = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 50, description: 'e.g. 采矿许可证, 安全生产许可证' }),
    number: Type.String({ minLength: 1, maxLength: 100 }),
    validUntil: Type.Union([IsoDateSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

const CompositionSchema = Type.Record(
  Type.String({ pattern: '^[A-Z][a-z]?$' }),
  Type.Number({ minimum: 0, maximum: 1 }),
  {
    description: 'Element symbol → share of the REO (0–1), e.g. { "Pr": 0.25, "Nd": 0.75 }',
  },
);

const RegistrationStatusSchema = Type.Enum([...REGISTRATION_STATUSES], { type: 'string' });

export const RegistrationSchema = Type.Object(
  {
    id: Type.Integer(),
    campaignId: Type.Integer(),
    taxId: Type.String(),
    name: Type.String(),
    region: NullableString,
    status: RegistrationStatusSchema,
    licences: List(LicenceSchema),
    capacityKg: NullableNumber,
    openingStockKg: NullableNumber,
    openingStockDate: NullableString,
    openingStockComposition: Type.Union([CompositionSchema, Type.Null()]),
    contactName: NullableString,
    contactPhone: NullableString,
    contactEmail: NullableString,
    address: NullableString,
    notes: NullableString,
    source: Type.String({ description: 'manual, or file:<name> for a bulk registration' }),
    registeredAt: Type.String(),
    registeredBy: Type.String(),
    verifiedAt: NullableString,
    verifiedBy: NullableString,
    updatedAt: Type.String(),
    updatedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const RegistrationItemSchema = Type.Object(
  {
    taxId: Type.String(),
    name: Type.String(),
    region: NullableString,
    regionNameZh: NullableString,
    regionNameEn: NullableString,
    roles: List(EnterpriseRoleSchema),
    group: NullableString,
    inRegistry: Type.Boolean(),
    status: Type.Enum(['not_registered', ...REGISTRATION_STATUSES], { type: 'string' }),
    registration: Type.Union([RegistrationSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

export const RegistrationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(RegistrationStatusSchema),
    licences: Type.Optional(Type.Array(LicenceSchema, { maxItems: 20 })),
    capacityKg: Type.Optional(
      Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Annual capacity, kg REO' }),
    ),
    openingStockKg: Type.Optional(
      Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
        description: 'Declared opening stock, kg REO: replaces the registry’s in the mass balance',
      }),
    ),
    openingStockDate: Type.Optional(Type.Union([IsoDateSchema, Type.Null()])),
    openingStockComposition: Type.Optional(Type.Union([CompositionSchema, Type.Null()])),
    contactName: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    contactPhone: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
    contactEmail: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const SavedRegistrationSchema = Type.Object(
  {
    action: Type.Enum(['created', 'updated', 'unchanged'], { type: 'string' }),
    registration: RegistrationSchema,
  },
  { additionalProperties: false },
);

export const RegistrationQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['not_registered', ...REGISTRATION_STATUSES], { type: 'string' })),
    region: Type.Optional(RegionCodeSchema),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name or taxpayer ID' })),
    order: Type.Optional(
      Type.Enum(['asc'], { type: 'string', description: 'By taxpayer ID (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);

const ProgressRowSchema = Type.Object(
  {
    region: NullableString,
    nameZh: Type.String(),
    nameEn: Type.String(),
    inScope: Type.Integer(),
    notRegistered: Type.Integer(),
    registered: Type.Integer(),
    verified: Type.Integer(),
    registeredShare: Type.Number(),
    verifiedShare: Type.Number(),
  },
  { additionalProperties: false },
);

export const ProgressSchema = Type.Object(
  {
    campaignId: Type.Integer(),
    level: Type.Enum(['province', 'city'], { type: 'string' }),
    total: ProgressRowSchema,
    regions: List(ProgressRowSchema),
  },
  { additionalProperties: false },
);

export const RowIssueSchema = Type.Object(
  {
    source: Type.String(),
    row: Type.Integer(),
    column: NullableString,
    value: NullableString,
    code: Type.String(),
    zh: Type.String(),
    en: Type.String(),
  },
  { additionalProperties: false },
);

export const RegistrationImportSchema = Type.Object(
  {
    fileName: Type.String(),
    status: Type.Enum(['committed', 'rejected'], { type: 'string' }),
    rowsRead: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    issues: List(RowIssueSchema),
    fatal: Type.Union([RowIssueSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

export const RegistrationImportQuery = Type.Object(
  {
    skipInvalid: Type.Optional(
      Type.Boolean({ description: 'Save the good rows and report the bad ones (default: all or nothing)' }),
    ),
    sheet: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
