// User administration (administrators only).
import { Type } from 'typebox';
import {
  createApiToken,
  createUser,
  deleteUserAccount,
  getUserAccount,
  listApiTokenViews,
  listUserAccounts,
  setUserPassword,
  unwrap,
  updateUserAccount,
} from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { PageOf, problems } from '../schemas/common.schema.ts';
import { List } from '../schemas/enterprise.schema.ts';
import {
  CreatedTokenSchema,
  CreatedUserSchema,
  GeneratedPasswordSchema,
  NewTokenBody,
  NewUserBody,
  SetPasswordBody,
  TokenSchema,
  UserPatchBody,
  UserQuery,
  UserSchema,
} from '../schemas/user.schema.ts';

const TAG = ['users'];
const ADMIN = { permission: 'users' as const };
const UsernameParams = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

function userNotFound(username: string): never {
  raise({ code: 'not_found', zh: `未找到用户 ${username}`, en: `User ${username} not found` });
}

export function registerUserRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/users',
    {
      schema: {
        tags: TAG,
        summary: 'Users (administrators)',
        querystring: UserQuery,
        response: { 200: PageOf(UserSchema), ...problems(400, 401, 403) },
      },
      config: ADMIN,
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await listUserAccounts(ctx.store, {
        ...(q.role ? { role: q.role } : {}),
        ...(q.q ? { q: q.q } : {}),
        ...(q.disabled !== undefined ? { disabled: q.disabled } : {}),
        sort: q.sort ?? 'username',
        desc: q.order === 'desc',
        limit: q.limit,
        offset: q.offset,
      });
      return { items, total, limit: q.limit, offset: q.offset };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: TAG,
        summary: 'Create a user; without a password one is generated and returned once',
        body: NewUserBody,
        response: { 201: CreatedUserSchema, ...problems(400, 401, 403, 409, 422) },
      },
      config: ADMIN,
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = unwrap(
        await createUser(
          ctx.store,
          {
            username: request.body.username,
            role: request.body.role,
            ...(request.body.regions ? { regions: request.body.regions } : {}),
            ...(request.body.password !== undefined ? { password: request.body.password } : {}),
          },
          actor.username,
        ),
      );
      return reply
        .code(201)
        .header('location', `/api/users/${encodeURIComponent(created.user.username)}`)
        .send({ user: created.user, password: created.generatedPassword });
    },
  );

  app.get(
    '/api/users/:username',
    {
      schema: {
        tags: TAG,
        summary: 'One user',
        params: UsernameParams,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404) },
      },
      config: ADMIN,
    },
    async (request) =>
      (await getUserAccount(ctx.store, request.params.username)) ?? userNotFound(request.params.username),
  );

  app.patch(
    '/api/users/:username',
    {
      schema: {
        tags: TAG,
        summary: 'Change role, regions or disabled state (disabling ends the user’s sessions)',
        params: UsernameParams,
        body: UserPatchBody,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: ADMIN,
    },
    async (request) => {
      const actor = actorOf(request);
      return unwrap(
        await updateUserAccount(
          ctx.store,
          request.params.username,
          {
            ...(request.body.role !== undefined ? { role: request.body.role } : {}),
            ...(request.body.regions !== undefined ? { regions: request.body.regions } : {}),
            ...(request.body.disabled !== undefined ? { disabled: request.body.disabled } : {}),
          },
          actor.username,
        ),
      );
    },
  );

  app.put(
    '/api/users/:username/password',
    {
      schema: {
        tags: TAG,
        summary: 'Set a user’s password (generated when omitted, returned once); their sessions end',
        params: UsernameParams,
        body: SetPasswordBody,
        response: { 200: GeneratedPasswordSchema, ...problems(400, 401, 403, 404, 422) },
      },
      config: ADMIN,
    },
    async (request) => {
      const actor = actorOf(request);
      const r = unwrap(
        await setUserPassword(ctx.store, request.params.username, request.body.password, actor.username),
      );
      return { password: r.generatedPassword };
    },
  );

  app.delete(
    '/api/users/:username',
    {
      schema: {
        tags: TAG,
        summary: 'Delete a user with their sessions and tokens',
        params: UsernameParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
      config: ADMIN,
    },
    async (request, reply) => {
      unwrap(await deleteUserAccount(ctx.store, request.params.username, actorOf(request)));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users/:username/tokens',
    {
      schema: {
        tags: TAG,
        summary: 'A user’s API tokens',
        params: UsernameParams,
        response: {
          200: Type.Object({ items: List(TokenSchema) }, { additionalProperties: false }),
          ...problems(400, 401, 403, 404),
        },
      },
      config: ADMIN,
    },
    async (request) => {
      if (!(await getUserAccount(ctx.store, request.params.username))) userNotFound(request.params.username);
      return { items: await listApiTokenViews(ctx.store, { username: request.params.username }) };
    },
  );

  app.post(
    '/api/users/:username/tokens',
    {
      schema: {
        tags: TAG,
        summary: 'Create an API token for a user (shown once)',
        params: UsernameParams,
        body: NewTokenBody,
        response: { 201: CreatedTokenSchema, ...problems(400, 401, 403, 404, 422) },
      },
      config: ADMIN,
    },
    async (request, reply) => {
      const created = unwrap(
        await createApiToken(
          ctx.store,
          request.params.username,
          {
            name: request.body.name,
            ...(request.body.expiresInDays !== undefined
              ? { expiresInDays: request.body.expiresInDays }
              : {}),
          },
          actorOf(request).username,
        ),
      );
      return reply.code(201).send({ token: created.token, info: created.view });
    },
  );
}
