// Campaigns and registration (issue 7): campaigns with their scope and measures, every
// enterprise in scope with its registration state, registration records (one by one or from a
// CSV/XLSX table), progress by region. The rules (who may do what, regional scope) are the app's;
// this file maps HTTP to the use cases.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  createCampaign,
  getCampaignRegistration,
  importRegistrations,
  listCampaignRegistrations,
  listCampaignViews,
  loadCampaign,
  registrationProgress,
  unwrap,
  updateCampaign,
  upsertRegistration,
  verifyRegistration,
} from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { PageOf, problems } from '../schemas/common.schema.ts';
import {
  CampaignParams,
  CampaignPatchBody,
  CampaignQuery,
  CampaignSchema,
  NewCampaignBody,
  ProgressSchema,
  RegistrationBody,
  RegistrationImportQuery,
  RegistrationImportSchema,
  RegistrationItemSchema,
  RegistrationParams,
  RegistrationQuery,
  RegistrationSchema,
  SavedRegistrationSchema,
} from '../schemas/campaign.schema.ts';

const TAG = ['campaigns'];

/** Bulk registration tables are small; 20 MiB is tens of thousands of rows. */
export const REGISTRATION_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Reads the one file part (named `file`) of a multipart request into memory, refusing more
 * than `maxBytes` (413) and anything that is not multipart/form-data (415).
 */
export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  if (!request.isMultipart())
    raise({
      code: 'unsupported_media_type',
      zh: '请以 multipart/form-data 上传文件',
      en: 'Upload the file as multipart/form-data',
    });
  const file = await request.file({
    limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6, headerPairs: 100 },
  });
  if (!file || file.fieldname !== 'file')
    raise({
      code: 'bad_request',
      zh: '缺少名为 file 的文件部分',
      en: 'The upload has no file part named `file`',
    });
  const buffer = await file.toBuffer();
  return { fileName: file.filename, contentType: file.mimetype, bytes: new Uint8Array(buffer) };
}

export function registerCampaignRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/campaigns',
    {
      schema: {
        tags: TAG,
        summary: 'Campaigns the reader’s regions touch, newest first',
        querystring: CampaignQuery,
        response: { 200: PageOf(CampaignSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { status, q, limit, offset } = request.query;
      return listCampaignViews(ctx.store, actorOf(request), {
        ...(status ? { status } : {}),
        ...(q ? { q } : {}),
        limit,
        offset,
      });
    },
  );

  app.post(
    '/api/campaigns',
    {
      schema: {
        tags: TAG,
        summary: 'Create a campaign (administrators, analysts)',
        description:
          'A name, a period and a scope (regions, enterprise roles; none = all). Measures per list default to ' +
          'inspection.md §7: black → on-site inspection within 30 days, grey → document request within 15 days.',
        body: NewCampaignBody,
        response: { 201: CampaignSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(unwrap(await createCampaign(ctx.store, actorOf(request), request.body))),
  );

  app.get(
    '/api/campaigns/:id',
    {
      schema: {
        tags: TAG,
        summary: 'One campaign',
        params: CampaignParams,
        response: { 200: CampaignSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => unwrap(await loadCampaign(ctx.store, actorOf(request), request.params.id)),
  );

  app.patch(
    '/api/campaigns/:id',
    {
      schema: {
        tags: TAG,
        summary:
          'Change a campaign: name, period, scope, measures, description, status (administrators, analysts)',
        params: CampaignParams,
        body: CampaignPatchBody,
        response: { 200: CampaignSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) =>
      unwrap(await updateCampaign(ctx.store, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/campaigns/:id/progress',
    {
      schema: {
        tags: TAG,
        summary: 'Registration progress by province (or city), over the reader’s regions',
        params: CampaignParams,
        querystring: Type.Object(
          { level: Type.Optional(Type.Enum(['province', 'city'], { type: 'string', default: 'province' })) },
          { additionalProperties: false },
        ),
        response: { 200: ProgressSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      unwrap(
        await registrationProgress(
          ctx.store,
          actorOf(request),
          request.params.id,
          request.query.level ?? 'province',
        ),
      ),
  );

  app.get(
    '/api/campaigns/:id/registrations',
    {
      schema: {
        tags: TAG,
        summary: 'The enterprises the campaign covers, with their registration state (reader’s regions only)',
        params: CampaignParams,
        querystring: RegistrationQuery,
        response: { 200: PageOf(RegistrationItemSchema), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { status, region, q, limit, offset } = request.query;
      return unwrap(
        await listCampaignRegistrations(ctx.store, actorOf(request), request.params.id, {
          ...(status ? { status } : {}),
          ...(region ? { region } : {}),
          ...(q ? { q } : {}),
          limit,
          offset,
        }),
      );
    },
  );

  app.post(
    '/api/campaigns/:id/registrations/import',
    {
      schema: {
        tags: TAG,
        summary: 'Register enterprises from a CSV or XLSX table (multipart, one part named `file`)',
        description:
          'Columns (Chinese or English headers): 统一社会信用代码/tax_id (required), 企业名称/name, 登记状态/status, ' +
          '采矿许可证号/mining_licence, 许可证/licences (类别:编号[:有效期至];…), 产能(吨REO/年)/capacity_t, ' +
          '期初库存(吨REO)/opening_stock_t, 库存日期/opening_stock_date, 库存元素构成/opening_stock_composition ' +
          '(Dy:5%;Tb:1%), 联系人, 联系电话, 电子邮箱, 地址, 备注. All or nothing unless skipInvalid; every bad row is ' +
          'reported with file, row, column, value and reason.',
        params: CampaignParams,
        querystring: RegistrationImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: RegistrationImportSchema, ...problems(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const file = await readUpload(request, REGISTRATION_FILE_BYTES);
      return unwrap(
        await importRegistrations(ctx.store, actorOf(request), request.params.id, {
          bytes: file.bytes,
          fileName: file.fileName,
          ...(request.query.skipInvalid ? { skipInvalid: true } : {}),
          ...(request.query.sheet ? { sheet: request.query.sheet } : {}),
        }),
      );
    },
  );

  app.get(
    '/api/campaigns/:id/registrations/:taxId',
    {
      schema: {
        tags: TAG,
        summary: 'One enterprise’s registration state and record in the campaign',
        params: RegistrationParams,
        response: { 200: RegistrationItemSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await getCampaignRegistration(ctx.store, actorOf(request), request.params.id, request.params.taxId)) ??
      raise({
        code: 'not_found',
        zh: `本专项行动中未找到企业 ${request.params.taxId}`,
        en: `Enterprise ${request.params.taxId} not found in campaign ${request.params.id}`,
      }),
  );

  app.put(
    '/api/campaigns/:id/registrations/:taxId',
    {
      schema: {
        tags: TAG,
        summary: 'Register an enterprise or change its record (omitted fields keep their value)',
        description:
          'A changed record goes back to `registered` until verified again. The declared opening stock (kg REO, ' +
          'and its element composition) of the record in force replaces the registry’s in the mass balance of later runs.',
        params: RegistrationParams,
        body: RegistrationBody,
        response: {
          200: SavedRegistrationSchema,
          201: SavedRegistrationSchema,
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const saved = unwrap(
        await upsertRegistration(
          ctx.store,
          actorOf(request),
          request.params.id,
          request.params.taxId,
          request.body,
        ),
      );
      return reply.code(saved.action === 'created' ? 201 : 200).send(saved);
    },
  );

  app.post(
    '/api/campaigns/:id/registrations/:taxId/verify',
    {
      schema: {
        tags: TAG,
        summary: 'Mark a registration verified (checked against the enterprise’s documents)',
        params: RegistrationParams,
        response: { 200: RegistrationSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      unwrap(await verifyRegistration(ctx.store, actorOf(request), request.params.id, request.params.taxId)),
  );
}
