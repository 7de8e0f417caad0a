// Shapes shared by every endpoint: problem details, pages, paging and sorting parameters.
import type { TSchema } from 'typebox';
import { Type } from 'typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'Problem type URI: urn:oresight:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong, in English; safe to show' }),
    detailZh: Type.String({ description: '同一说明的中文' }),
    code: Type.String({
      description:
        'Stable machine code: validation, bad_request, unauthorized, forbidden, not_found, conflict, invalid, too_large, unsupported_media_type, rate_limited, unavailable, internal',
    }),
    instance: Type.String({ description: 'The request path' }),
    field: Type.Optional(Type.String({ description: 'The input field at fault' })),
    retryAfter: Type.Optional(Type.Integer({ description: 'Seconds to wait (rate_limited)' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            in: Type.String({ description: 'body, query, path or header' }),
            path: Type.String({ description: 'JSON pointer of the field' }),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false, description: 'RFC 9457 problem details' },
);

/** Response entries for problem statuses (documented as application/problem+json). */
export function problems(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of statuses)
    out[status] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  return out;
}

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or fails validation (see `errors`)',
  401: 'Not signed in',
  403: 'Signed in, but the role does not allow this',
  404: 'Not found — or outside the reader’s regions',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported content type',
  422: 'Well-formed but not acceptable (see `detail`)',
  429: 'Too many requests (see `retryAfter`)',
  503: 'Temporarily unavailable',
};

/** The problems any signed-in read can answer. */
export const READ_PROBLEMS = [400, 401, 403] as const;

/** `{ items, total, limit, offset }` */
export function PageOf<T extends TSchema>(item: T, description?: string) {
  return Type.Object(
    {
      items: Type.Immutable(Type.Array(item)),
      total: Type.Integer({ description: 'Items matching the filters, over all pages' }),
      limit: Type.Integer(),
      offset: Type.Integer(),
    },
    { additionalProperties: false, ...(description ? { description } : {}) },
  );
}

export const PAGING = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500)' }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0, description: 'Items to skip' }),
};

export const ORDER = Type.Optional(
  Type.Enum(['asc', 'desc'], {
    type: 'string',
    description: 'Sort direction (default depends on the sort key)',
  }),
);

export const IsoDateSchema = Type.String({
  format: 'date',
  description: 'YYYY-MM-DD (a real calendar date)',
});
export const TaxIdSchema = Type.String({ minLength: 15, maxLength: 20, pattern: '^[0-9A-Za-z]+$' });
export const RegionCodeSchema = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const CSV_RESPONSE = {
  description: 'CSV (UTF-8 with BOM, CRLF), headers in Chinese and English',
  content: { 'text/csv': { schema: Type.String() } },
};
