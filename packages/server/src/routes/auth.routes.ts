// Sign-in and sign-out, the current user, own password and API tokens.
import { Type } from 'typebox';
import { getRegion } from '@oresight/core/domain';
import {
  can,
  changeOwnPassword,
  createApiToken,
  listApiTokenViews,
  revokeApiTokenById,
  signIn,
  signOut,
  unwrap,
} from '@oresight/app';
import type { Actor } from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { SESSION_COOKIE, actorOf } from '../http/auth.ts';
import { problems } from '../schemas/common.schema.ts';
import { List } from '../schemas/enterprise.schema.ts';
import {
  ChangePasswordBody,
  CreatedTokenSchema,
  LoginBody,
  MeSchema,
  NewTokenBody,
  TokenSchema,
} from '../schemas/user.schema.ts';

const TAG = ['auth'];

export function registerAuthRoutes(app: Api, ctx: ServerContext): void {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: TAG,
        summary: 'Sign in: sets an HTTP-only session cookie',
        description:
          'JSON `{"username","password"}`. Success sets the `oresight_session` cookie (HttpOnly, SameSite=Strict). ' +
          'Rate-limited per IP and per username (429). Every attempt is written to the audit log.',
        body: LoginBody,
        response: { 200: MeSchema, ...problems(400, 401, 415, 429) },
      },
      config: {
        public: true,
        rateLimit: { max: ctx.limits.loginPerIpPerMinute, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      const signed = unwrap(
        await signIn(
          ctx.store,
          {
            username: request.body.username,
            password: request.body.password,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          },
          { throttle: ctx.throttle },
        ),
      );
      void reply.setCookie(SESSION_COOKIE, signed.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        expires: new Date(signed.expiresAt),
      });
      return meOf(signed.actor, 'session', signed.expiresAt);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: TAG,
        summary: 'Sign out: ends the session at once',
        response: { 204: Type.Null({ description: 'Signed out' }), ...problems(401) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (request.auth?.sessionId) await signOut(ctx.store, request.auth.sessionId, actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: TAG,
        summary: 'The signed-in user, role, regions and permissions',
        response: { 200: MeSchema, ...problems(401) },
      },
    },
    async (request) => {
      const auth = request.auth;
      const actor = actorOf(request);
      return meOf(actor, auth?.via ?? 'session', auth?.expiresAt ?? null);
    },
  );

  app.put(
    '/api/auth/password',
    {
      schema: {
        tags: TAG,
        summary: 'Change your own password (your other sessions end)',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...problems(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      unwrap(
        await changeOwnPassword(
          ctx.store,
          actor,
          request.body.currentPassword,
          request.body.newPassword,
          request.auth?.sessionId ?? undefined,
        ),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      schema: {
        tags: TAG,
        summary: 'Your API tokens (administrators: everyone’s)',
        querystring: Type.Object(
          { all: Type.Optional(Type.Boolean({ description: 'Administrators: every user’s tokens' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: List(TokenSchema) }, { additionalProperties: false }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const all = request.query.all === true && can(actor, 'users');
      return { items: await listApiTokenViews(ctx.store, all ? {} : { username: actor.username }) };
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags: TAG,
        summary: 'Create an API token for yourself (shown once)',
        body: NewTokenBody,
        response: { 201: CreatedTokenSchema, ...problems(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = unwrap(
        await createApiToken(
          ctx.store,
          actor.username,
          {
            name: request.body.name,
            ...(request.body.expiresInDays !== undefined
              ? { expiresInDays: request.body.expiresInDays }
              : {}),
          },
          actor.username,
        ),
      );
      return reply.code(201).send({ token: created.token, info: created.view });
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      schema: {
        tags: TAG,
        summary: 'Revoke an API token (yours; administrators: any)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      unwrap(
        await revokeApiTokenById(
          ctx.store,
          request.params.id,
          actor.username,
          can(actor, 'users') ? undefined : actor.id,
        ),
      );
      return reply.code(204).send(null);
    },
  );
}

function meOf(actor: Actor, via: 'session' | 'token', expiresAt: string | null) {
  return {
    user: {
      id: actor.id,
      username: actor.username,
      role: actor.role,
      regions: actor.regions.map((code) => {
        const region = getRegion(code);
        return { code, nameZh: region?.nameZh ?? code, nameEn: region?.nameEn ?? code };
      }),
    },
    via,
    expiresAt,
    permissions: (['users', 'import', 'inspect'] as const).filter((p) => can(actor, p)),
  };
}
