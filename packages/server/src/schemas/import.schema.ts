// Imports (batches, rejects) and background jobs.
import { Type } from 'typebox';
import { NullableString, ORDER, PAGING } from './common.schema.ts';
import { List } from './enterprise.schema.ts';

export const ImportKindSchema = Type.Enum(['invoices', 'enterprises', 'quotas', 'prices'], {
  type: 'string',
});

export const UploadQuery = Type.Object(
  {
    skipInvalid: Type.Optional(
      Type.Boolean({
        description: 'Import good rows and keep bad ones as rejects (default: refuse the file)',
      }),
    ),
    dryRun: Type.Optional(Type.Boolean({ description: 'Check and report, write nothing' })),
    encoding: Type.Optional(Type.Enum(['auto', 'utf8', 'gb18030'], { type: 'string' })),
    sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'XLSX sheet' })),
  },
  { additionalProperties: false },
);

const IssueSchema = Type.Object(
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

export const ImportResultSchema = Type.Object(
  {
    file: Type.String(),
    kind: ImportKindSchema,
    status: Type.Enum(['committed', 'rejected', 'already_imported', 'dry_run'], { type: 'string' }),
    batchId: Type.Union([Type.Integer(), Type.Null()]),
    sha256: Type.String(),
    sizeBytes: Type.Integer(),
    format: Type.String(),
    encoding: NullableString,
    rowsRead: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    duplicate: Type.Integer(),
    updated: Type.Integer(),
    flagCounts: Type.Record(Type.String(), Type.Integer()),
    fatal: Type.Union([IssueSchema, Type.Null()]),
    issues: List(IssueSchema),
    durationMs: Type.Number(),
  },
  { additionalProperties: false, description: 'Result of an import job' },
);

export const InspectionJobResultSchema = Type.Object(
  {
    runId: Type.Integer(),
    period: Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }),
    policy: Type.Object(
      { id: Type.String(), version: Type.String(), hash: Type.String() },
      { additionalProperties: false },
    ),
    counts: Type.Object(
      { black: Type.Integer(), grey: Type.Integer(), white: Type.Integer(), unrated: Type.Integer() },
      { additionalProperties: false },
    ),
    invoiceLines: Type.Integer(),
    enterprises: Type.Integer(),
    loadMs: Type.Number(),
    inspectMs: Type.Number(),
    persistMs: Type.Number(),
  },
  { additionalProperties: false, description: 'Result of an inspection job' },
);

export const JobSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: 'import, inspection' }),
    title: Type.String(),
    owner: Type.String(),
    status: Type.Enum(['queued', 'running', 'succeeded', 'failed'], { type: 'string' }),
    progress: Type.Object(
      {
        phase: Type.String(),
        done: Type.Number(),
        total: Type.Number(),
        unit: Type.String(),
        note: NullableString,
      },
      { additionalProperties: false },
    ),
    queuePosition: Type.Union([Type.Integer(), Type.Null()]),
    result: Type.Unknown({
      description: 'Kind-specific result: ImportResult for imports, a run summary for inspections',
    }),
    error: Type.Union([
      Type.Object(
        {
          code: Type.String(),
          zh: Type.String(),
          en: Type.String(),
          field: Type.Optional(Type.String()),
          retryAfter: Type.Optional(Type.Integer()),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    createdAt: Type.String(),
    startedAt: NullableString,
    finishedAt: NullableString,
  },
  { additionalProperties: false },
);

export const JobQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    order: Type.Optional(
      Type.Enum(['asc', 'desc'], { type: 'string', description: 'By creation time (default desc)' }),
    ),
    status: Type.Optional(Type.Enum(['queued', 'running', 'succeeded', 'failed'], { type: 'string' })),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const BatchSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    fileName: Type.String(),
    sha256: Type.String(),
    sizeBytes: Type.Integer(),
    format: Type.String(),
    encoding: NullableString,
    status: Type.String({ description: 'committed or rejected' }),
    rowsRead: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    duplicate: Type.Integer(),
    updated: Type.Integer(),
    userName: NullableString,
    createdAt: Type.String(),
    finishedAt: NullableString,
    options: Type.Record(Type.String(), Type.Unknown()),
    summary: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

export const BatchQuery = Type.Object(
  {
    kind: Type.Optional(ImportKindSchema),
    status: Type.Optional(Type.Enum(['committed', 'rejected'], { type: 'string' })),
    sort: Type.Optional(
      Type.Enum(['id', 'fileName', 'rowsRead', 'accepted', 'rejected'], {
        type: 'string',
        description: 'Default id (newest first)',
      }),
    ),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);

export const RejectSchema = Type.Object(
  {
    id: Type.Integer(),
    batchId: Type.Integer(),
    source: Type.String(),
    rowNo: Type.Integer(),
    columnName: NullableString,
    value: NullableString,
    code: Type.String(),
    messageZh: Type.String(),
    messageEn: Type.String(),
  },
  { additionalProperties: false },
);

export const RejectQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 64 })),
    sort: Type.Optional(
      Type.Enum(['rowNo', 'code', 'columnName'], { type: 'string', description: 'Default rowNo' }),
    ),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);
