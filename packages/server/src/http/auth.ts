// Who is asking: a session cookie (the web app) or an API token (`Authorization: Bearer …`,
// scripts). Checked before anything else in a request, so an anonymous or unauthorised request
// is answered 401/403 before its body is even read. Each route's config says what it needs:
// `public` (no sign-in), `permission` (a role capability, 403 otherwise), `national` (readers
// scoped to regions are refused whole resources whose rows cannot be cut to regions).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, JobRunner, LoginThrottle, Permission, ReadService, Store } from '@oresight/app';
import { can, resolveApiToken, resolveSession } from '@oresight/app';
import { HTTP_FAILURES, raise } from './problem.ts';

export const SESSION_COOKIE = 'oresight_session';

export interface AuthState {
  readonly actor: Actor;
  readonly via: 'session' | 'token';
  readonly sessionId: string | null;
  readonly expiresAt: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState | null;
  }
  interface FastifyContextConfig {
    /** No sign-in needed. */
    public?: boolean;
    /** The role must carry this capability (403 otherwise). */
    permission?: Permission;
    /** Only readers of the whole country (403 for region-scoped readers). */
    national?: boolean;
  }
}

/** What routes share: the store, the read service, the job runner, the sign-in throttle. */
export interface ServerContext {
  readonly store: Store;
  readonly reads: ReadService;
  readonly jobs: JobRunner;
  readonly throttle: LoginThrottle;
  readonly limits: ServerLimits;
}

export interface ServerLimits {
  /** JSON bodies (default 64 KiB). */
  readonly bodyBytes: number;
  /** One uploaded file (default 2 GiB). */
  readonly uploadBytes: number;
  /** Sign-in attempts per IP per minute (default 20). */
  readonly loginPerIpPerMinute: number;
}

/** The signed-in actor of a route that requires sign-in (the hook guarantees it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) raise(HTTP_FAILURES.unauthorized);
  return request.auth.actor;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

const PUBLIC_PREFIXES = ['/api/docs'];

/**
 * Registers the authentication hook for every /api route.
 * @example registerAuth(app, ctx)
 */
export function registerAuth(app: FastifyInstance, ctx: Pick<ServerContext, 'store'>): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/') && request.url !== '/api') return;
    const config = request.routeOptions.config;
    const bearer = bearerToken(request);
    if (bearer !== undefined) {
      // A wrong token is an error even on public routes: a script should learn at once.
      const found = bearer === '' ? undefined : await resolveApiToken(ctx.store, bearer);
      if (!found) raise(HTTP_FAILURES.unauthorized);
      request.auth = { actor: found.actor, via: 'token', sessionId: null, expiresAt: null };
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const session = await resolveSession(ctx.store, cookie);
        if (session)
          request.auth = {
            actor: session.actor,
            via: 'session',
            sessionId: session.sessionId,
            expiresAt: session.expiresAt,
          };
      }
    }
    if (config.public || PUBLIC_PREFIXES.some((p) => request.url.startsWith(p))) return;
    if (!request.auth) raise(HTTP_FAILURES.unauthorized);
    const actor = request.auth.actor;
    if (config.permission && !can(actor, config.permission)) raise(HTTP_FAILURES.forbidden);
    if (config.national && actor.regions.length > 0) raise(HTTP_FAILURES.forbidden);
  });
}
