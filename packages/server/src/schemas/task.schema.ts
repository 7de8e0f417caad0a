// Inspection tasks, findings and attachments (issue 7).
import { LICENCE_ACTIONS, TASK_STATUSES, VIOLATION_KINDS } from '@oresight/app';
import { Type } from 'typebox';
import { IsoDateSchema, NullableString, ORDER, PAGING, RegionCodeSchema } from './common.schema.ts';
import { List, ListNameSchema } from './enterprise.schema.ts';
import { MeasureTextSchema, TaskKindSchema } from './campaign.schema.ts';

export const TaskStatusSchema = Type.Enum([...TASK_STATUSES], {
  type: 'string',
  description: 'open → in_progress → findings_recorded → closed',
});
export const ViolationKindSchema = Type.Enum([...VIOLATION_KINDS], { type: 'string' });
export const LicenceActionSchema = Type.Enum([...LICENCE_ACTIONS], { type: 'string' });

const TaskFields = {
  id: Type.Integer(),
  campaignId: Type.Integer(),
  runId: Type.Integer(),
  taxId: Type.String(),
  name: Type.String(),
  region: NullableString,
  regionNameZh: NullableString,
  regionNameEn: NullableString,
  computedList: ListNameSchema,
  list: ListNameSchema,
  score: Type.Number(),
  kind: TaskKindSchema,
  measures: List(MeasureTextSchema),
  dueDate: Type.String(),
  overdue: Type.Boolean({ description: 'Past its deadline (China Standard Time) and not closed' }),
  assignee: NullableString,
  status: TaskStatusSchema,
  outcome: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  closedAt: NullableString,
};

export const TaskSchema = Type.Object(TaskFields, { additionalProperties: false });

export const FindingSchema = Type.Object(
  {
    id: Type.Integer(),
    taskId: Type.Integer(),
    violationKind: ViolationKindSchema,
    description: Type.String(),
    seizedKg: Type.Number(),
    penaltyFen: Type.Integer({ description: 'Penalty in fen (exact)' }),
    penaltyCny: Type.String({ description: 'The penalty as exact yuan text, e.g. 1234567.89' }),
    licenceAction: LicenceActionSchema,
    recordedAt: Type.String(),
    recordedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const AttachmentSchema = Type.Object(
  {
    id: Type.Integer(),
    taskId: Type.Integer(),
    fileName: Type.String(),
    contentType: Type.String(),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
    uploadedAt: Type.String(),
    uploadedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const TaskDetailSchema = Type.Object(
  {
    ...TaskFields,
    findings: List(FindingSchema),
    attachments: List(
      Type.Object(
        {
          id: Type.Integer(),
          fileName: Type.String(),
          contentType: Type.String(),
          sizeBytes: Type.Integer(),
          sha256: Type.String(),
          uploadedAt: Type.String(),
          uploadedBy: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    history: List(
      Type.Object(
        { at: Type.String(), actor: Type.String(), action: Type.String(), details: Type.Unknown() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const TaskParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const TaskQuery = Type.Object(
  {
    campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
    runId: Type.Optional(Type.Integer({ minimum: 1 })),
    taxId: Type.Optional(Type.String({ maxLength: 20 })),
    status: Type.Optional(TaskStatusSchema),
    assignee: Type.Optional(Type.String({ maxLength: 64 })),
    list: Type.Optional(ListNameSchema),
    kind: Type.Optional(TaskKindSchema),
    region: Type.Optional(RegionCodeSchema),
    overdue: Type.Optional(Type.Boolean()),
    sort: Type.Optional(
      Type.Enum(['dueDate', 'score', 'id'], { type: 'string', description: 'Default dueDate' }),
    ),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);

export const GenerateBody = Type.Object(
  {
    runId: Type.Integer({ minimum: 1 }),
    asOf: Type.Optional(
      Type.Union([IsoDateSchema], { description: 'Deadlines count from this date (default today, CST)' }),
    ),
  },
  { additionalProperties: false },
);

export const GenerateResultSchema = Type.Object(
  {
    campaignId: Type.Integer(),
    runId: Type.Integer(),
    asOf: Type.String(),
    created: List(TaskSchema),
    skippedExisting: Type.Integer(),
    unassigned: Type.Integer(),
    byList: Type.Object(
      { black: Type.Integer(), grey: Type.Integer(), white: Type.Integer(), unrated: Type.Integer() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const StatusBody = Type.Object(
  {
    status: TaskStatusSchema,
    outcome: Type.Optional(Type.String({ maxLength: 5000, description: 'Required when closing' })),
  },
  { additionalProperties: false },
);

export const TaskPatchBody = Type.Object(
  {
    assignee: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    dueDate: Type.Optional(IsoDateSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const FindingBody = Type.Object(
  {
    violationKind: ViolationKindSchema,
    description: Type.String({ minLength: 1, maxLength: 5000 }),
    seizedKg: Type.Optional(Type.Number({ minimum: 0, description: 'kg seized (kept to the gram)' })),
    penaltyFen: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Penalty in fen: 1,234,567.89 CNY = 123456789' }),
    ),
    licenceAction: Type.Optional(LicenceActionSchema),
  },
  { additionalProperties: false },
);

export const RecordedFindingSchema = Type.Object(
  { finding: FindingSchema, task: TaskSchema },
  { additionalProperties: false },
);

const Labels = Type.Record(Type.String(), MeasureTextSchema);

export const VocabularySchema = Type.Object(
  { statuses: Labels, kinds: Labels, violations: Labels, licenceActions: Labels },
  { additionalProperties: false },
);
