// List governance (issue 7): a run's lists with the overrides in force beside the computed
// ones, override requests with four-eyes approval of black-list moves, frozen publications and
// their exports, appeals. Inspectors request overrides and file appeals in their regions but never
// approve; administrators and analysts approve, publish and decide — never their own requests.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { ExportedFile } from '@oresight/app';
import {
  approveOverride,
  decideAppeal,
  exportPublication,
  exportRunList,
  fileAppeal,
  getAppealView,
  getEffectiveList,
  getOverrideView,
  getPublicationView,
  listAppealViews,
  listOverrideViews,
  listPublicationEntryViews,
  listPublicationViews,
  publishList,
  rejectOverride,
  requestOverride,
  unwrap,
  withdrawOverride,
} from '@oresight/app';
import { isWithinRegion } from '@oresight/core/domain';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { PageOf, problems } from '../schemas/common.schema.ts';
import {
  AppealBody,
  AppealDecisionBody,
  AppealQuery,
  AppealSchema,
  EffectiveListPageSchema,
  EffectiveListQuery,
  ExportQuery,
  IdParams,
  NoteBody,
  OverrideBody,
  OverrideQuery,
  OverrideSchema,
  PublicationBody,
  PublicationEntryQuery,
  PublicationEntrySchema,
  PublicationQuery,
  PublicationSchema,
  RequiredNoteBody,
} from '../schemas/governance.schema.ts';
import { contentDisposition } from './csv-reply.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler audits its own export (the generic export audit of audit.routes.ts skips it). */
    auditedExport?: boolean;
  }
}

const LIST_ORDER = { black: 0, grey: 1, unrated: 2, white: 3 } as const;

const FILE_RESPONSES = {
  200: {
    description: 'CSV (UTF-8 with BOM) or XLSX',
    content: {
      'text/csv': { schema: Type.String() },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
      },
    },
  },
};

function sendFile(reply: FastifyReply, file: ExportedFile) {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .send(Buffer.from(file.bytes));
}

const FormatParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), format: Type.Enum(['csv', 'xlsx'], { type: 'string' }) },
  { additionalProperties: false },
);

export function registerGovernanceRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/runs/:id/lists',
    {
      schema: {
        tags: ['governance'],
        summary:
          'A run’s lists in force: each entry’s computed list, the override in force and the resulting list',
        description:
          'Overrides’ expiry is judged on `asOf` (default today, CST). Inspectors see their regions only.',
        params: IdParams,
        querystring: EffectiveListQuery,
        response: { 200: EffectiveListPageSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const effective = unwrap(
        await getEffectiveList(
          ctx.store,
          actorOf(request),
          request.params.id,
          q.asOf ? { asOf: q.asOf } : {},
        ),
      );
      const needle = q.q?.trim().toLowerCase();
      const region = q.region;
      const rows = effective.entries.filter(
        (e) =>
          (q.list === undefined || e.list === q.list) &&
          (region === undefined || (e.region !== null && isWithinRegion(e.region, region))) &&
          (q.overridden === undefined || (e.override !== null) === q.overridden) &&
          (!needle || e.taxId.toLowerCase().includes(needle) || e.name.toLowerCase().includes(needle)),
      );
      const dir = q.order === 'desc' ? -1 : 1;
      if (q.sort === 'score') rows.sort((a, b) => dir * (a.score - b.score) || (a.taxId < b.taxId ? -1 : 1));
      else if (q.sort === 'taxId')
        rows.sort((a, b) => dir * (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0));
      else if (dir === -1) rows.sort((a, b) => LIST_ORDER[b.list] - LIST_ORDER[a.list] || a.score - b.score);
      return {
        run: effective.run,
        asOf: effective.asOf,
        counts: effective.counts,
        overridden: effective.overridden,
        items: rows.slice(q.offset, q.offset + q.limit),
        total: rows.length,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );

  app.get(
    '/api/runs/:id/lists.:format',
    {
      schema: {
        tags: ['governance', 'exports'],
        summary: 'A run’s lists in force (overrides applied) as CSV or XLSX, in Chinese or English; audited',
        params: FormatParams,
        querystring: ExportQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...FILE_RESPONSES, ...problems(400, 401, 404) },
      },
      config: { auditedExport: true },
    },
    async (request, reply) => {
      const { lang, asOf } = request.query;
      const file = unwrap(
        await exportRunList(
          ctx.store,
          actorOf(request),
          request.params.id,
          request.params.format,
          lang ?? 'zh',
          {
            ...(asOf ? { asOf } : {}),
          },
        ),
      );
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/overrides',
    {
      schema: {
        tags: ['governance'],
        summary: 'Overrides (requests, approvals, rejections) in the reader’s regions, newest first',
        querystring: OverrideQuery,
        response: { 200: PageOf(OverrideSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { order: _order, ...q } = request.query;
      return listOverrideViews(ctx.store, actorOf(request), q);
    },
  );

  app.post(
    '/api/overrides',
    {
      schema: {
        tags: ['governance'],
        summary: 'Override an enterprise’s list in a run, with a written reason and an optional expiry',
        description:
          'Onto or off the black list the request waits (`pending`) for approval by another administrator or analyst; ' +
          'other moves apply at once (`applied`). Viewers cannot; inspectors only in their regions.',
        body: OverrideBody,
        response: { 201: OverrideSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(unwrap(await requestOverride(ctx.store, actorOf(request), request.body))),
  );

  app.get(
    '/api/overrides/:id',
    {
      schema: {
        tags: ['governance'],
        summary: 'One override',
        params: IdParams,
        response: { 200: OverrideSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await getOverrideView(ctx.store, actorOf(request), request.params.id)) ??
      raise({ code: 'not_found', zh: '未找到名单调整', en: `Override ${request.params.id} not found` }),
  );

  app.post(
    '/api/overrides/:id/approve',
    {
      schema: {
        tags: ['governance'],
        summary: 'Approve a pending black-list move (administrators, analysts; never one’s own request: 403)',
        params: IdParams,
        body: NoteBody,
        response: { 200: OverrideSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      unwrap(
        await approveOverride(ctx.store, actorOf(request), request.params.id, {
          note: request.body.note ?? null,
        }),
      ),
  );

  app.post(
    '/api/overrides/:id/reject',
    {
      schema: {
        tags: ['governance'],
        summary: 'Reject a pending request, saying why (administrators, analysts)',
        params: IdParams,
        body: RequiredNoteBody,
        response: { 200: OverrideSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      unwrap(await rejectOverride(ctx.store, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/overrides/:id/withdraw',
    {
      schema: {
        tags: ['governance'],
        summary: 'Withdraw one’s own pending request',
        params: IdParams,
        body: NoteBody,
        response: { 200: OverrideSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      unwrap(
        await withdrawOverride(ctx.store, actorOf(request), request.params.id, {
          note: request.body.note ?? null,
        }),
      ),
  );

  app.get(
    '/api/publications',
    {
      schema: {
        tags: ['governance'],
        summary: 'Published list versions, newest first',
        querystring: PublicationQuery,
        response: { 200: PageOf(PublicationSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { runId, limit, offset } = request.query;
      return listPublicationViews(ctx.store, { ...(runId !== undefined ? { runId } : {}), limit, offset });
    },
  );

  app.post(
    '/api/publications',
    {
      schema: {
        tags: ['governance'],
        summary:
          'Publish a run’s lists as they stand: frozen (run + overrides in force) and sealed by SHA-256',
        body: PublicationBody,
        response: { 201: PublicationSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(unwrap(await publishList(ctx.store, actorOf(request), request.body))),
  );

  app.get(
    '/api/publications/:id',
    {
      schema: {
        tags: ['governance'],
        summary: 'One publication',
        params: IdParams,
        response: { 200: PublicationSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await getPublicationView(ctx.store, request.params.id)) ??
      raise({ code: 'not_found', zh: '未找到名单发布', en: `Publication ${request.params.id} not found` }),
  );

  app.get(
    '/api/publications/:id/entries',
    {
      schema: {
        tags: ['governance'],
        summary: 'A publication’s frozen entries in the reader’s regions (list, then score)',
        params: IdParams,
        querystring: PublicationEntryQuery,
        response: { 200: PageOf(PublicationEntrySchema), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { list, q, limit, offset } = request.query;
      return unwrap(
        await listPublicationEntryViews(ctx.store, actorOf(request), request.params.id, {
          ...(list ? { list } : {}),
          ...(q ? { q } : {}),
          limit,
          offset,
        }),
      );
    },
  );

  app.get(
    '/api/publications/:id/export.:format',
    {
      schema: {
        tags: ['governance', 'exports'],
        summary: 'A publication as CSV or XLSX (the reader’s regions), in Chinese or English; audited',
        params: FormatParams,
        querystring: ExportQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...FILE_RESPONSES, ...problems(400, 401, 404) },
      },
      config: { auditedExport: true },
    },
    async (request, reply) =>
      sendFile(
        reply,
        unwrap(
          await exportPublication(
            ctx.store,
            actorOf(request),
            request.params.id,
            request.params.format,
            request.query.lang ?? 'zh',
          ),
        ),
      ),
  );

  app.post(
    '/api/publications/:id/appeals',
    {
      schema: {
        tags: ['governance'],
        summary: 'Record an enterprise’s appeal against its entry in a publication',
        params: IdParams,
        body: AppealBody,
        response: { 201: AppealSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(unwrap(await fileAppeal(ctx.store, actorOf(request), request.params.id, request.body))),
  );

  app.get(
    '/api/appeals',
    {
      schema: {
        tags: ['governance'],
        summary: 'Appeals in the reader’s regions, oldest first',
        querystring: AppealQuery,
        response: { 200: PageOf(AppealSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { order: _order, ...q } = request.query;
      return listAppealViews(ctx.store, actorOf(request), q);
    },
  );

  app.get(
    '/api/appeals/:id',
    {
      schema: {
        tags: ['governance'],
        summary: 'One appeal',
        params: IdParams,
        response: { 200: AppealSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await getAppealView(ctx.store, actorOf(request), request.params.id)) ??
      raise({ code: 'not_found', zh: '未找到申诉', en: `Appeal ${request.params.id} not found` }),
  );

  app.post(
    '/api/appeals/:id/decision',
    {
      schema: {
        tags: ['governance'],
        summary: 'Decide an appeal: upheld or dismissed, with a note (administrators, analysts)',
        params: IdParams,
        body: AppealDecisionBody,
        response: { 200: AppealSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      unwrap(await decideAppeal(ctx.store, actorOf(request), request.params.id, request.body)),
  );
}
