// What the web app's dashboard and dossier draw (issue 6): list counts by region against the
// previous run, an enterprise's flows (suppliers and customers with illegal share) and its price
// ratio over time. Cut to the reader's regions like every read: a hidden enterprise is 404.
import { Type } from 'typebox';
import { getEnterpriseFlows, getEnterprisePriceRatios, getRegionSummary, unwrap } from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { TaxIdSchema, problems } from '../schemas/common.schema.ts';
import {
  FlowQuerySchema,
  FlowsSchema,
  PriceRatioQuerySchema,
  PriceRatioSchema,
  RegionSummaryQuerySchema,
  RegionSummarySchema,
} from '../schemas/insight.schema.ts';

const TaxIdParams = Type.Object({ taxId: TaxIdSchema }, { additionalProperties: false });

function enterpriseNotFound(taxId: string): never {
  raise({ code: 'not_found', zh: `未找到企业 ${taxId}`, en: `Enterprise ${taxId} not found` });
}

export function registerInsightRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/insight/regions',
    {
      schema: {
        tags: ['runs'],
        summary: 'List counts by region for a run and the run before it (the dashboard)',
        description:
          'Entries of the run (default: the latest finished run) and of the compared run (default: the finished run ' +
          'before it) counted by province or prefecture of the enterprise (registry region, else the entry’s, else ' +
          'the taxpayer ID’s). Regional readers count only their regions.',
        querystring: RegionSummaryQuerySchema,
        response: { 200: RegionSummarySchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => unwrap(await getRegionSummary(ctx.store, actorOf(request), request.query)),
  );

  app.get(
    '/api/enterprises/:taxId/flows',
    {
      schema: {
        tags: ['enterprises'],
        summary:
          'Suppliers and customers in the run’s period, with the REO kg and illegal share of each edge',
        description:
          'Net REO kg per counterparty over material lines of the run’s period (voided lines excluded, red-letter ' +
          'lines netted, self-invoicing left out). A purchase carries its seller’s illegalShare, a sale the ' +
          'enterprise’s own (inspection.md §4). Counterparties outside a regional reader’s regions show their ' +
          'volumes but no list or share.',
        params: TaxIdParams,
        querystring: FlowQuerySchema,
        response: { 200: FlowsSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { taxId } = request.params;
      const out = await getEnterpriseFlows(ctx.store, actorOf(request), taxId, request.query);
      return out === undefined ? enterpriseNotFound(taxId) : unwrap(out);
    },
  );

  app.get(
    '/api/enterprises/:taxId/price-ratios',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Price ratio against the reference, month by month for purchases and sales, and per line',
        description:
          'Over the run’s period: per month Σ amount ÷ Σ (kg × reference) of priced material lines and the share of ' +
          'reference value below 1 − priceBand (the run’s policy); single-line ratios as points. References are the ' +
          'quote-based ones of GET /api/lines/{id} (no peer fallback).',
        params: TaxIdParams,
        querystring: PriceRatioQuerySchema,
        response: { 200: PriceRatioSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { taxId } = request.params;
      const out = await getEnterprisePriceRatios(ctx.store, actorOf(request), taxId, request.query);
      return out === undefined ? enterpriseNotFound(taxId) : unwrap(out);
    },
  );
}
