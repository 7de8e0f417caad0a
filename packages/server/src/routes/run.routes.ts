// Inspection runs (never overwritten), their entries, the diff of two runs; policies.
import { Type } from 'typebox';
import { DEFAULT_POLICY, parsePolicy, policyHash } from '@oresight/core/inspect';
import {
  getPolicyRecord,
  listPolicyRecords,
  pageOf,
  parsePeriod,
  savePolicy,
  submitInspectionJob,
  unwrap,
} from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import {
  CSV_RESPONSE,
  IsoDateSchema,
  ORDER,
  PAGING,
  PageOf,
  TaxIdSchema,
  problems,
} from '../schemas/common.schema.ts';
import { JobSchema } from '../schemas/import.schema.ts';
import {
  RunDiffSchema,
  RunEntryDetailSchema,
  RunEntryExportQuery,
  RunEntryItemSchema,
  RunEntryQuery,
  RunSchema,
} from '../schemas/enterprise.schema.ts';
import { PolicyBody, PolicyRecordSchema } from '../schemas/policy.schema.ts';
import { sendCsv } from './csv-reply.ts';

const RunParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

function runNotFound(id: number): never {
  raise({ code: 'not_found', zh: `未找到检查批次 ${id}`, en: `Run ${id} not found` });
}

export function registerRunRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Inspection runs, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(['running', 'done', 'failed'], { type: 'string' })),
            policyId: Type.Optional(Type.String({ maxLength: 100 })),
            sort: Type.Optional(
              Type.Enum(['id', 'periodFrom', 'periodTo', 'black'], {
                type: 'string',
                description: 'Default id (newest first)',
              }),
            ),
            order: ORDER,
            ...PAGING,
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(RunSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { order, ...q } = request.query;
      return ctx.reads.listRuns({ ...q, ...(order ? { desc: order === 'desc' } : {}) });
    },
  );

  app.post(
    '/api/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Start an inspection run as a background job (202, Location: /api/jobs/{id})',
        description:
          'The period as `period` (`2013`, `2013-Q3`, `2013-08`) or as `from` and `to`; the policy as a stored ' +
          'policy id (GET /api/policies), default the shipped default policy. Runs queue one at a time with imports; ' +
          'the finished job names the new run.',
        body: Type.Object(
          {
            period: Type.Optional(Type.String({ maxLength: 10, description: '2013, 2013-Q3 or 2013-08' })),
            from: Type.Optional(IsoDateSchema),
            to: Type.Optional(IsoDateSchema),
            policyId: Type.Optional(Type.Integer({ minimum: 1, description: 'A stored policy version' })),
          },
          { additionalProperties: false },
        ),
        response: { 202: JobSchema, ...problems(400, 401, 403, 422) },
      },
      config: { permission: 'inspect' },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { period: text, from, to, policyId } = request.body;
      const period =
        (text !== undefined) === (from !== undefined || to !== undefined)
          ? undefined
          : parsePeriod({
              ...(text ? { period: text } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
            });
      if (!period)
        raise({
          code: 'invalid',
          zh: '请给出期间：period（如 2013、2013-Q3、2013-08）或 from 与 to（from 不晚于 to）',
          en: 'Give the period as `period` (2013, 2013-Q3, 2013-08) or as `from` and `to` (from not after to)',
          field: 'period',
        });
      const record = policyId === undefined ? undefined : await getPolicyRecord(ctx.store, policyId);
      if (policyId !== undefined && !record)
        raise({
          code: 'invalid',
          zh: `未找到策略 ${policyId}`,
          en: `No stored policy ${policyId}`,
          field: 'policyId',
        });
      const job = submitInspectionJob(ctx.jobs, ctx.store, {
        period,
        ...(record ? { policy: record.policy } : {}),
        user: actor.username,
      });
      return reply.code(202).header('location', `/api/jobs/${job.id}`).send(job);
    },
  );

  app.get(
    '/api/runs/diff',
    {
      schema: {
        tags: ['runs'],
        summary: 'What moved between two runs: list changes with the reasons and signals behind them',
        description:
          'Regional readers see only their regions’ enterprises and the cycles whose members they can all see.',
        querystring: Type.Object(
          {
            a: Type.Integer({ minimum: 1, description: 'The earlier run' }),
            b: Type.Integer({ minimum: 1, description: 'The later run' }),
            movedOnly: Type.Optional(Type.Boolean({ description: 'Only enterprises whose list changed' })),
            ...PAGING,
          },
          { additionalProperties: false },
        ),
        response: { 200: RunDiffSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { a, b, movedOnly, limit, offset } = request.query;
      return unwrap(
        await ctx.reads.diffRuns(actorOf(request), a, b, {
          ...(movedOnly ? { movedOnly } : {}),
          limit,
          offset,
        }),
      );
    },
  );

  app.get(
    '/api/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'One run: period, policy, data fingerprint, list counts, status',
        params: RunParams,
        response: { 200: RunSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => (await ctx.reads.getRun(request.params.id)) ?? runNotFound(request.params.id),
  );

  app.get(
    '/api/runs/:id/entries',
    {
      schema: {
        tags: ['runs'],
        summary: 'A finished run’s entries (one per enterprise), filtered and sorted',
        params: RunParams,
        querystring: RunEntryQuery,
        response: { 200: PageOf(RunEntryItemSchema), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { sort, order, ...rest } = request.query;
      return (
        (await ctx.reads.listRunEntries(actorOf(request), request.params.id, {
          ...rest,
          ...(sort ? { sort } : {}),
          desc: order === 'desc',
        })) ?? runNotFound(request.params.id)
      );
    },
  );

  app.get(
    '/api/runs/:id/entries.csv',
    {
      schema: {
        tags: ['runs', 'exports'],
        summary: 'A run’s entries as CSV (the published list)',
        params: RunParams,
        querystring: RunEntryExportQuery,
        produces: ['text/csv'],
        response: { 200: CSV_RESPONSE, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { sort, order, ...rest } = request.query;
      const csv = await ctx.reads.exportRunEntriesCsv(actorOf(request), request.params.id, {
        ...rest,
        ...(sort ? { sort } : {}),
        desc: order === 'desc',
      });
      if (csv === undefined) runNotFound(request.params.id);
      return sendCsv(reply, `run-${request.params.id}-entries.csv`, csv);
    },
  );

  app.get(
    '/api/runs/:id/entries/:taxId',
    {
      schema: {
        tags: ['runs'],
        summary: 'One enterprise’s entry in a run: all signals, reasons and evidence',
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), taxId: TaxIdSchema },
          { additionalProperties: false },
        ),
        response: { 200: RunEntryDetailSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await ctx.reads.getRunEntry(actorOf(request), request.params.id, request.params.taxId)) ??
      raise({
        code: 'not_found',
        zh: `检查批次 ${request.params.id} 中未找到企业 ${request.params.taxId}`,
        en: `Enterprise ${request.params.taxId} not found in run ${request.params.id}`,
      }),
  );

  app.get(
    '/api/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'Stored policy versions, newest first',
        querystring: Type.Object(
          {
            policyId: Type.Optional(Type.String({ maxLength: 100 })),
            order: Type.Optional(
              Type.Enum(['asc', 'desc'], { type: 'string', description: 'By storage order (default desc)' }),
            ),
            ...PAGING,
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(PolicyRecordSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const all = (await listPolicyRecords(ctx.store)).filter(
        (p) => !q.policyId || p.policyId === q.policyId,
      );
      if (q.order === 'asc') all.reverse();
      return pageOf(all, q);
    },
  );

  app.get(
    '/api/policies/default',
    {
      schema: {
        tags: ['policies'],
        summary: 'The default policy (inspection.md §6–§7): a starting point for a new version',
        response: { 200: PolicyBody, ...problems(401) },
      },
    },
    async () => DEFAULT_POLICY,
  );

  app.get(
    '/api/policies/:id',
    {
      schema: {
        tags: ['policies'],
        summary: 'One stored policy version',
        params: RunParams,
        response: { 200: PolicyRecordSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await getPolicyRecord(ctx.store, request.params.id)) ??
      raise({ code: 'not_found', zh: '未找到策略', en: `Policy ${request.params.id} not found` }),
  );

  app.post(
    '/api/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'Store a policy version (validated field by field; the same content is stored once)',
        description:
          'Policies are versions: a changed policy is stored as a new record and never overwrites an earlier one, ' +
          'so every run stays reproducible. Validation errors name each field (422, `errors`).',
        body: PolicyBody,
        response: { 200: PolicyRecordSchema, 201: PolicyRecordSchema, ...problems(400, 401, 403, 422) },
      },
      config: { permission: 'inspect' },
    },
    async (request, reply) => {
      const parsed = parsePolicy(request.body);
      if (!parsed.ok)
        raise({
          code: 'invalid',
          zh: '策略无效',
          en: `The policy is invalid: ${parsed.errors.length} problem(s)`,
          details: parsed.errors,
        });
      const saved = await savePolicy(
        ctx.store,
        parsed.policy,
        policyHash(parsed.policy),
        actorOf(request).username,
      );
      return reply.code(saved.created ? 201 : 200).send(saved.record);
    },
  );
}
