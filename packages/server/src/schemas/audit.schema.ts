// The audit log (issue 7).
import { Type } from 'typebox';
import { NullableString, PAGING } from './common.schema.ts';

export const AuditEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    actor: Type.String(),
    action: Type.String(),
    subject: NullableString,
    details: Type.Unknown(),
    hash: Type.String({ description: 'SHA-256 over the previous hash and this entry' }),
    prevHash: Type.String(),
  },
  { additionalProperties: false },
);

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Action or prefix, e.g. override' })),
    actor: Type.Optional(Type.String({ maxLength: 100 })),
    subject: Type.Optional(Type.String({ maxLength: 200, description: 'e.g. task:4, override:7, run:3' })),
    order: Type.Optional(
      Type.Enum(['desc'], { type: 'string', description: 'Newest first (the only order)' }),
    ),
    ...PAGING,
  },
  { additionalProperties: false },
);

export const AuditVerificationSchema = Type.Object(
  {
    ok: Type.Boolean(),
    entries: Type.Integer({ description: 'Entries checked' }),
    brokenAt: Type.Optional(Type.Integer({ description: 'The first entry that does not verify' })),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
