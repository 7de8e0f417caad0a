// Inspection policies (inspection.md §6–§7). The schema gives the shape; the engine's parsePolicy
// checks every parameter's range and every rule's parameters, naming the field at fault.
import { Type } from 'typebox';
import { NullableString } from './common.schema.ts';
import { List } from './enterprise.schema.ts';

const Text = Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false });

export const PolicyBody = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    id: Type.String({ minLength: 1, maxLength: 100 }),
    version: Type.String({ minLength: 1, maxLength: 100 }),
    name: Text,
    parameters: Type.Object(
      {},
      {
        additionalProperties: true,
        description: 'Every parameter of inspection.md with its value (see GET /api/policies/default)',
      },
    ),
    rules: List(
      Type.Object(
        {
          id: Type.String(),
          list: Type.Enum(['black', 'grey', 'unrated'], { type: 'string' }),
          enabled: Type.Boolean(),
          params: Type.Record(Type.String(), Type.Unknown()),
        },
        { additionalProperties: false },
      ),
    ),
    measures: Type.Object(
      { black: List(Text), grey: List(Text), white: List(Text), unrated: List(Text) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PolicyRecordSchema = Type.Object(
  {
    id: Type.Integer(),
    policyId: Type.String(),
    version: Type.String(),
    hash: Type.String(),
    createdAt: Type.String(),
    userName: NullableString,
    policy: PolicyBody,
  },
  { additionalProperties: false },
);
