// The OpenAPI document's fixed parts. The paths come from the route schemas (@fastify/swagger);
// the one thing schemas cannot say is a streamed multipart body (validated in the handler, not
// by a body schema), added here.
export const OPENAPI_INFO = {
  title: 'oresight API',
  description:
    'Invoice-led inspection of the rare earth supply chain. Sign in with `POST /api/auth/login` (session cookie) or send ' +
    '`Authorization: Bearer <token>`. Errors are RFC 9457 problem details (`application/problem+json`). ' +
    'Lists are paged (`limit`, `offset` → `{ items, total, limit, offset }`). Inspectors see only their regions: ' +
    'anything else answers 404. See docs/api.md.',
};

/** Operations whose body is a multipart upload with one file part named `file`. */
const MULTIPART_OPERATIONS: readonly { path: string; method: string }[] = [
  { path: '/api/imports/{kind}', method: 'post' },
  { path: '/api/campaigns/{id}/registrations/import', method: 'post' },
  { path: '/api/tasks/{id}/attachments', method: 'post' },
];

type OpenApiDocument = { paths?: Record<string, Record<string, Record<string, unknown>>> } & Record<
  string,
  unknown
>;

/** Adds the multipart request bodies to the generated document. */
export function addMultipartBodies<T>(document: T): T {
  const doc = document as OpenApiDocument;
  for (const { path, method } of MULTIPART_OPERATIONS) {
    const operation = doc.paths?.[path]?.[method];
    if (!operation) continue;
    operation.requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            additionalProperties: false,
            properties: { file: { type: 'string', format: 'binary', description: 'The file to import' } },
          },
        },
      },
    };
  }
  return document;
}
