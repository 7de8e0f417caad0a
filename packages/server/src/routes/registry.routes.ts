// Quotas, reference prices, the product catalogue and the market view.
import { Type } from 'typebox';
import { daysInclusive } from '@oresight/core/domain';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { PageOf, problems } from '../schemas/common.schema.ts';
import { List } from '../schemas/enterprise.schema.ts';
import {
  MarketQuerySchema,
  MarketSchema,
  PriceQuery,
  PriceSchema,
  ProductSchema,
  QuotaQuery,
  QuotaSchema,
} from '../schemas/registry.schema.ts';

/** Ten years of daily buckets is the most one market request computes. */
const MAX_MARKET_DAYS = 3660;

export function registerRegistryRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/quotas',
    {
      schema: {
        tags: ['registry'],
        summary: 'Quotas (mining and separation), by year, kind, enterprise or group',
        description: 'Regional readers see the quotas of enterprises in their regions (not group quotas).',
        querystring: QuotaQuery,
        response: { 200: PageOf(QuotaSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { order, ...q } = request.query;
      return ctx.reads.listQuotas(actorOf(request), { ...q, desc: order === 'desc' });
    },
  );

  app.get(
    '/api/prices',
    {
      schema: {
        tags: ['registry'],
        summary: 'Reference price quotes as imported, with their normalised CNY/kg ex-VAT',
        querystring: PriceQuery,
        response: { 200: PageOf(PriceSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { order, product, ...q } = request.query;
      return ctx.reads.listPrices({
        ...q,
        ...(product ? { productId: product } : {}),
        desc: order === 'desc',
      });
    },
  );

  app.get(
    '/api/products',
    {
      schema: {
        tags: ['registry'],
        summary: 'The product catalogue (shipped products with the store’s overrides)',
        response: {
          200: Type.Object({ items: List(ProductSchema) }, { additionalProperties: false }),
          ...problems(401),
        },
      },
    },
    async () => ({ items: await ctx.reads.listProducts() }),
  );

  app.get(
    '/api/market',
    {
      schema: {
        tags: ['market'],
        summary:
          'Reference and invoice-implied prices per product over time, volumes, group shares and HHI, quota use',
        description:
          'Computed from the columnar line data of the period and cached until the data changes. ' +
          'Regional readers get figures over their regions only (`scoped: true`); reference quotes are unscoped.',
        querystring: MarketQuerySchema,
        response: { 200: MarketSchema, ...problems(400, 401, 422) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from > q.to)
        raise({ code: 'invalid', zh: '起始日期晚于结束日期', en: '`from` is after `to`', field: 'from' });
      if (daysInclusive(q.from, q.to) > MAX_MARKET_DAYS)
        raise({
          code: 'invalid',
          zh: '期间最长十年',
          en: 'The period may span at most ten years',
          field: 'to',
        });
      return ctx.reads.marketSeries(actorOf(request), {
        from: q.from,
        to: q.to,
        bucket: q.bucket ?? 'month',
        ...(q.product ? { products: q.product } : {}),
        shareCategory: q.category ?? 'separation',
      });
    },
  );
}
