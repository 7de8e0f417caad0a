// The HTTP server (issue 5): Fastify with TypeBox schemas as the single source of truth for
// validation, types and the OpenAPI document; one error handler; sign-in by session cookie or
// API token; regional scoping in the read service; background jobs; the built web app at `/`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { JobRunner, LoginThrottleOptions, Store } from '@oresight/app';
import { createJobRunner, createLoginThrottle, createReadService } from '@oresight/app';
import type { Api } from './http/api.ts';
import type { ServerContext, ServerLimits } from './http/auth.ts';
import { registerAuth } from './http/auth.ts';
import { handleError, handleNotFound } from './http/problem.ts';
import { typeboxValidatorCompiler } from './http/validation.ts';
import { OPENAPI_INFO, addMultipartBodies } from './openapi/document.ts';
import { registerAuthRoutes } from './routes/auth.routes.ts';
import { registerEnterpriseRoutes } from './routes/enterprise.routes.ts';
import { registerImportRoutes } from './routes/import.routes.ts';
import { registerInsightRoutes } from './routes/insight.routes.ts';
import { registerRegistryRoutes } from './routes/registry.routes.ts';
import { registerRunRoutes } from './routes/run.routes.ts';
import { registerUserRoutes } from './routes/user.routes.ts';
import { registerCampaignRoutes } from './routes/campaign.routes.ts';
import { registerTaskRoutes } from './routes/task.routes.ts';
import { registerGovernanceRoutes } from './routes/governance.routes.ts';
import { registerReportRoutes } from './routes/report.routes.ts';
import { registerAuditRoutes } from './routes/audit.routes.ts';

export interface ServerOptions {
  readonly store: Store;
  /** Folder of the built web app (its index.html is served for non-API paths); absent: API only. */
  readonly webRoot?: string | null;
  /** Fastify logger option (default: off), or a logger instance. */
  readonly logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  readonly limits?: Partial<ServerLimits>;
  /** Per-username sign-in throttle (default: 10 failures per 15 minutes). */
  readonly loginThrottle?: LoginThrottleOptions;
  /** A job runner to share (default: a new one, closed with the server). */
  readonly jobs?: JobRunner;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytes: 64 * 1024,
  uploadBytes: 2 * 1024 ** 3,
  loginPerIpPerMinute: 20,
};

const VERSION = '0.1.0';

/**
 * Builds the server (not yet listening). Closing it waits for running jobs; it does not close
 * the store (the caller opened it).
 * @example const app = await createServer({ store }); await app.listen({ port: 8080, host: '127.0.0.1' });
 */
export async function createServer(options: ServerOptions): Promise<Api> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    bodyLimit: limits.bodyBytes,
    // Query strings: repeated keys become arrays (`flag=RED&flag=VOIDED`).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // One line per request at 50 connections drowns the log; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(typeboxValidatorCompiler);
  // Bodies are JSON (or a multipart upload): any other type is refused with 415, not guessed at.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(handleError);

  const ownJobs = options.jobs === undefined;
  const jobs =
    options.jobs ??
    createJobRunner({
      onError: (error, job) => app.log.error({ err: error, job: job.id, kind: job.kind }, 'job failed'),
    });
  const ctx: ServerContext = {
    store: options.store,
    reads: createReadService(options.store),
    jobs,
    throttle: createLoginThrottle(options.loginThrottle),
    limits,
  };

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: limits.uploadBytes, files: 1 } });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { ...OPENAPI_INFO, version: VERSION },
      tags: [
        { name: 'auth', description: 'Sign-in, sessions, API tokens' },
        { name: 'users', description: 'User administration (administrators)' },
        { name: 'enterprises', description: 'Registry, latest findings, dossiers' },
        { name: 'lines', description: 'Invoice lines and invoices' },
        { name: 'registry', description: 'Quotas, reference prices, products' },
        { name: 'market', description: 'Prices, volumes, concentration, quota use' },
        { name: 'imports', description: 'Uploads, batches, rejected rows' },
        { name: 'jobs', description: 'Background jobs' },
        { name: 'runs', description: 'Inspection runs, entries, diffs' },
        { name: 'policies', description: 'Inspection policies' },
        { name: 'exports', description: 'CSV downloads' },
        { name: 'meta', description: 'Health and this document' },
        { name: 'campaigns', description: 'Campaigns, registration of enterprises, progress' },
        { name: 'tasks', description: 'Inspection tasks, findings, attachments' },
        { name: 'governance', description: 'Lists in force, overrides (four eyes), publications, appeals' },
        { name: 'reports', description: 'Enterprise dossier and campaign report (HTML, PDF)' },
        { name: 'audit', description: 'The tamper-evident audit log' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'oresight_session' },
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'API token (`ore_…`) from POST /api/auth/tokens',
          },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transformObject: (doc) =>
      'openapiObject' in doc ? addMultipartBodies(doc.openapiObject) : doc.swaggerObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  registerAuth(app, ctx);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    // Regional data must not be kept by shared caches or the browser's back button.
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs'))
      void reply.header('cache-control', 'no-store');
  });

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['meta'],
        summary: 'Liveness and store reachability (no sign-in)',
        security: [],
        response: {
          200: Type.Object(
            {
              status: Type.Literal('ok'),
              store: Type.Enum(['sqlite', 'postgres'], { type: 'string' }),
              version: Type.String(),
            },
            { additionalProperties: false },
          ),
        },
      },
      config: { public: true },
    },
    async () => {
      // One trivial query: the store answers.
      await options.store.db.selectFrom('storeMeta').select('key').limit(1).execute();
      return { status: 'ok' as const, store: options.store.kind, version: VERSION };
    },
  );

  let openapiJson: string | undefined;
  app.get(
    '/api/openapi.json',
    {
      schema: { hide: true },
      config: { public: true },
    },
    async (_request, reply) => {
      // The document is fixed once the routes are registered: serialised on first request only.
      openapiJson ??= JSON.stringify(app.swagger());
      return reply.type('application/json; charset=utf-8').send(openapiJson);
    },
  );

  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerEnterpriseRoutes(app, ctx);
  registerRegistryRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerCampaignRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  registerGovernanceRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerInsightRoutes(app, ctx);

  const webRoot = options.webRoot ? resolve(options.webRoot) : null;
  const hasWeb = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // The web app routes in the browser: any non-API GET that is not a file gets index.html.
    if (hasWeb && request.method === 'GET' && !path.startsWith('/api/') && path !== '/api')
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .sendFile('index.html');
    return handleNotFound(request, reply);
  });

  app.addHook('onClose', async () => {
    if (ownJobs) await jobs.close();
  });
  return app;
}

function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return (
    typeof logger === 'object' &&
    logger !== null &&
    typeof (logger as { info?: unknown }).info === 'function' &&
    typeof (logger as { child?: unknown }).child === 'function'
  );
}
