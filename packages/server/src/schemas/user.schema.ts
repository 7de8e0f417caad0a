// Users, sign-in, API tokens.
import { USER_ROLES } from '@oresight/app';
import { Type } from 'typebox';
import { NullableString, ORDER, PAGING, RegionCodeSchema } from './common.schema.ts';
import { List } from './enterprise.schema.ts';

export const UserRoleSchema = Type.Enum([...USER_ROLES], { type: 'string' });
const Username = Type.String({ minLength: 2, maxLength: 64 });
const Password = Type.String({ minLength: 1, maxLength: 256 });

export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    role: UserRoleSchema,
    regions: List(Type.String()),
    disabled: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    passwordChangedAt: Type.String(),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  { username: Username, password: Password },
  { additionalProperties: false },
);

export const MeSchema = Type.Object(
  {
    user: Type.Object(
      {
        id: Type.Integer(),
        username: Type.String(),
        role: UserRoleSchema,
        regions: List(
          Type.Object(
            { code: Type.String(), nameZh: Type.String(), nameEn: Type.String() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    via: Type.Enum(['session', 'token'], { type: 'string' }),
    expiresAt: NullableString,
    permissions: List(Type.Enum(['users', 'import', 'inspect'], { type: 'string' })),
  },
  { additionalProperties: false },
);

export const NewUserBody = Type.Object(
  {
    username: Username,
    role: UserRoleSchema,
    regions: Type.Optional(Type.Array(RegionCodeSchema, { maxItems: 50 })),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);

export const CreatedUserSchema = Type.Object(
  {
    user: UserSchema,
    password: Type.Union([Type.String(), Type.Null()], {
      description: 'The generated password, shown this once (null when one was given)',
    }),
  },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    role: Type.Optional(UserRoleSchema),
    regions: Type.Optional(Type.Array(RegionCodeSchema, { maxItems: 50 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserQuery = Type.Object(
  {
    role: Type.Optional(UserRoleSchema),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    disabled: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Enum(['username', 'createdAt', 'role'], { type: 'string' })),
    order: ORDER,
    ...PAGING,
  },
  { additionalProperties: false },
);

export const SetPasswordBody = Type.Object(
  { password: Type.Optional(Password) },
  { additionalProperties: false, description: 'Omit the password to generate one' },
);

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

export const GeneratedPasswordSchema = Type.Object(
  { password: Type.Union([Type.String(), Type.Null()], { description: 'Generated password, shown once' }) },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    createdAt: Type.String(),
    expiresAt: NullableString,
    lastUsedAt: NullableString,
    revokedAt: NullableString,
  },
  { additionalProperties: false },
);

export const NewTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export const CreatedTokenSchema = Type.Object(
  {
    token: Type.String({
      description: 'The token, shown this once: send it as `Authorization: Bearer <token>`',
    }),
    info: TokenSchema,
  },
  { additionalProperties: false },
);
