// Enterprises (registry + latest findings), dossiers, invoice lines and invoices. Regional
// readers see only their regions: anything else is 404, and absent from lists and exports.
import { Type } from 'typebox';
import type { LineQuery } from '@oresight/app';
import { unwrap } from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { CSV_RESPONSE, PageOf, TaxIdSchema, problems } from '../schemas/common.schema.ts';
import {
  DossierSchema,
  EnterpriseExportQuery,
  EnterpriseItemSchema,
  EnterpriseListQuery,
  List,
  RunRefSchema,
} from '../schemas/enterprise.schema.ts';
import {
  EnterpriseLinesQuery,
  LineExportQuery,
  LineSchema,
  LineSearchQuery,
} from '../schemas/line.schema.ts';
import { sendCsv } from './csv-reply.ts';

const TaxIdParams = Type.Object({ taxId: TaxIdSchema }, { additionalProperties: false });

function enterpriseNotFound(taxId: string): never {
  raise({ code: 'not_found', zh: `未找到企业 ${taxId}`, en: `Enterprise ${taxId} not found` });
}

type LineFilterInput = {
  seller?: string;
  buyer?: string;
  product?: string;
  from?: string;
  to?: string;
  invoice?: string;
  status?: string;
  flag?: LineQuery['flags'];
  batchId?: number;
  minRatio?: number;
  maxRatio?: number;
  sort?: LineQuery['sort'];
  order?: 'asc' | 'desc';
};

/** The query-string filters of the line endpoints as the read service takes them. */
export function lineQueryOf(q: LineFilterInput): Omit<LineQuery, 'limit' | 'offset'> {
  if (q.from && q.to && q.from > q.to)
    raise({ code: 'invalid', zh: '起始日期晚于结束日期', en: '`from` is after `to`', field: 'from' });
  if (q.minRatio !== undefined && q.maxRatio !== undefined && q.minRatio > q.maxRatio)
    raise({
      code: 'invalid',
      zh: '价格比下限大于上限',
      en: '`minRatio` is above `maxRatio`',
      field: 'minRatio',
    });
  return {
    ...(q.seller ? { seller: q.seller } : {}),
    ...(q.buyer ? { buyer: q.buyer } : {}),
    ...(q.product ? { product: q.product } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.invoice ? { invoiceKey: q.invoice } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.flag ? { flags: q.flag } : {}),
    ...(q.batchId !== undefined ? { batchId: q.batchId } : {}),
    ...(q.minRatio !== undefined ? { minRatio: q.minRatio } : {}),
    ...(q.maxRatio !== undefined ? { maxRatio: q.maxRatio } : {}),
    sort: q.sort ?? 'issueDate',
    // Newest first unless asked otherwise.
    desc: q.order !== 'asc',
  };
}

export function registerEnterpriseRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/enterprises',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Enterprises with their list, score and key signals from a run (default: the latest)',
        description:
          'Registry enterprises, plus taxpayers seen only on invoices that the run rated (`registered: false`). ' +
          'Filters: region (province, city or county code), role, group, list (`none`: no entry), q (name or taxpayer ID). ' +
          'Regional readers see only their regions.',
        querystring: EnterpriseListQuery,
        response: {
          200: Type.Object(
            {
              items: List(EnterpriseItemSchema),
              total: Type.Integer(),
              limit: Type.Integer(),
              offset: Type.Integer(),
              run: Type.Union([RunRefSchema, Type.Null()], { description: 'The run the lists come from' }),
            },
            { additionalProperties: false },
          ),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { sort, order, ...rest } = request.query;
      return unwrap(
        await ctx.reads.listEnterprises(actorOf(request), {
          ...rest,
          ...(sort ? { sort } : {}),
          desc: order === 'desc',
        }),
      );
    },
  );

  app.get(
    '/api/enterprises.csv',
    {
      schema: {
        tags: ['enterprises', 'exports'],
        summary: 'The enterprise list as CSV (same filters, every matching row)',
        querystring: EnterpriseExportQuery,
        produces: ['text/csv'],
        response: { 200: CSV_RESPONSE, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { sort, order, ...rest } = request.query;
      const csv = unwrap(
        await ctx.reads.exportEnterprisesCsv(actorOf(request), {
          ...rest,
          ...(sort ? { sort } : {}),
          desc: order === 'desc',
        }),
      );
      return sendCsv(reply, 'enterprises.csv', csv);
    },
  );

  app.get(
    '/api/enterprises/:taxId',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Dossier: registry identity, latest signals, list, score and reasons, list history, quotas',
        params: TaxIdParams,
        response: { 200: DossierSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await ctx.reads.getEnterpriseDossier(actorOf(request), request.params.taxId)) ??
      enterpriseNotFound(request.params.taxId),
  );

  app.get(
    '/api/enterprises/:taxId/lines',
    {
      schema: {
        tags: ['enterprises', 'lines'],
        summary: 'An enterprise’s invoice lines (sales, purchases or both), newest first',
        params: TaxIdParams,
        querystring: EnterpriseLinesQuery,
        response: { 200: PageOf(LineSchema), ...problems(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { taxId } = request.params;
      if (!(await ctx.reads.isEnterpriseVisible(actor, taxId))) enterpriseNotFound(taxId);
      const { side, limit, offset, ...filters } = request.query;
      const base = lineQueryOf(filters);
      const party =
        side === 'sales' ? { seller: taxId } : side === 'purchases' ? { buyer: taxId } : { party: taxId };
      return unwrap(await ctx.reads.searchLines(actor, { ...base, ...party, limit, offset }));
    },
  );

  app.get(
    '/api/lines',
    {
      schema: {
        tags: ['lines'],
        summary: 'Search invoice lines by party, product, dates, status, warnings and price ratio',
        description:
          'Regional readers see the lines whose seller or buyer is in their regions. ' +
          'A price-ratio bound considers priced lines only (quote-based reference, inspection.md §2); ' +
          'with a bound, at most 500,000 lines may match the other filters (else 422: narrow the search).',
        querystring: LineSearchQuery,
        response: { 200: PageOf(LineSchema), ...problems(400, 401, 422) },
      },
    },
    async (request) => {
      const { party, limit, offset, ...filters } = request.query;
      return unwrap(
        await ctx.reads.searchLines(actorOf(request), {
          ...lineQueryOf(filters),
          ...(party ? { party } : {}),
          limit,
          offset,
        }),
      );
    },
  );

  app.get(
    '/api/lines.csv',
    {
      schema: {
        tags: ['lines', 'exports'],
        summary: 'Matching invoice lines as CSV (at most 200,000: else 422)',
        querystring: LineExportQuery,
        produces: ['text/csv'],
        response: { 200: CSV_RESPONSE, ...problems(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const { party, ...filters } = request.query;
      const csv = unwrap(
        await ctx.reads.exportLinesCsv(actorOf(request), {
          ...lineQueryOf(filters),
          ...(party ? { party } : {}),
        }),
      );
      return sendCsv(reply, 'invoice-lines.csv', csv);
    },
  );

  app.get(
    '/api/lines/evidence',
    {
      schema: {
        tags: ['lines'],
        summary: 'The lines behind evidence references (`<invoiceKey>/<lineNo>`, as in reasons)',
        querystring: Type.Object(
          { ref: Type.Array(Type.String({ minLength: 3, maxLength: 120 }), { minItems: 1, maxItems: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: List(LineSchema) }, { additionalProperties: false }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => ({ items: await ctx.reads.getEvidenceLines(actorOf(request), request.query.ref) }),
  );

  app.get(
    '/api/lines/:id',
    {
      schema: {
        tags: ['lines'],
        summary: 'One invoice line, with the reference price behind its price ratio',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: LineSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await ctx.reads.getLine(actorOf(request), request.params.id)) ??
      raise({ code: 'not_found', zh: '未找到发票行', en: `Invoice line ${request.params.id} not found` }),
  );

  app.get(
    '/api/invoices/:invoiceKey',
    {
      schema: {
        tags: ['lines'],
        summary: 'An invoice: its stored lines in line order',
        params: Type.Object(
          { invoiceKey: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { invoiceKey: Type.String(), lines: List(LineSchema) },
            { additionalProperties: false },
          ),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request) => {
      const lines = await ctx.reads.getInvoice(actorOf(request), request.params.invoiceKey);
      if (!lines)
        raise({ code: 'not_found', zh: '未找到发票', en: `Invoice ${request.params.invoiceKey} not found` });
      return { invoiceKey: request.params.invoiceKey, lines };
    },
  );
}
