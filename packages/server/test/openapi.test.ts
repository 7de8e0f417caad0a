// The OpenAPI document is the contract: it lists every endpoint with its schemas, pages every
// list, documents the problem responses, and the web's generated client matches it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore } from '@oresight/app';
import type { Store } from '@oresight/app';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api } from '../src/index.ts';
import { createServer } from '../src/index.ts';
import { API_TYPES_PATH, generateApiTypes } from '../src/openapi/generate-types.ts';

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<
    string,
    { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
  >;
  security?: unknown[];
}
type Doc = { paths: Record<string, Record<string, Operation>>; security: unknown[] };

describe('OpenAPI document', () => {
  let dir: string;
  let store: Store;
  let app: Api;
  let doc: Doc;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oresight-openapi-test-'));
    store = await openAppStore({ ORESIGHT_DB: join(dir, 'doc.db'), DATABASE_URL: '' });
    app = await createServer({ store });
    doc = (await app.inject({ url: '/api/openapi.json' })).json() as Doc;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );

  it('documents every endpoint under /api', () => {
    const listed = new Set(operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    const expected = [
      'GET /api/health',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'GET /api/auth/me',
      'PUT /api/auth/password',
      'GET /api/auth/tokens',
      'POST /api/auth/tokens',
      'DELETE /api/auth/tokens/{id}',
      'GET /api/users',
      'POST /api/users',
      'GET /api/users/{username}',
      'PATCH /api/users/{username}',
      'PUT /api/users/{username}/password',
      'DELETE /api/users/{username}',
      'GET /api/users/{username}/tokens',
      'POST /api/users/{username}/tokens',
      'GET /api/enterprises',
      'GET /api/enterprises.csv',
      'GET /api/enterprises/{taxId}',
      'GET /api/enterprises/{taxId}/lines',
      'GET /api/lines',
      'GET /api/lines.csv',
      'GET /api/lines/evidence',
      'GET /api/lines/{id}',
      'GET /api/invoices/{invoiceKey}',
      'GET /api/quotas',
      'GET /api/prices',
      'GET /api/products',
      'GET /api/market',
      'POST /api/imports/{kind}',
      'GET /api/imports/batches',
      'GET /api/imports/batches/{id}',
      'GET /api/imports/batches/{id}/rejects',
      'GET /api/imports/batches/{id}/rejects.csv',
      'GET /api/jobs',
      'GET /api/jobs/{id}',
      'POST /api/runs',
      'GET /api/runs',
      'GET /api/runs/diff',
      'GET /api/runs/{id}',
      'GET /api/runs/{id}/entries',
      'GET /api/runs/{id}/entries.csv',
      'GET /api/runs/{id}/entries/{taxId}',
      'GET /api/policies',
      'GET /api/policies/default',
      'GET /api/policies/{id}',
      'POST /api/policies',
    ];
    for (const e of expected) expect(listed, e).toContain(e);
    for (const l of listed) expect(l).toMatch(/^[A-Z]+ \/api\//);
  });

  it('pages and sorts every list, and documents problems as application/problem+json', () => {
    for (const { path, method, op } of operations()) {
      const ok = op.responses['200']?.content?.['application/json']?.schema?.properties;
      if (ok && 'items' in ok && 'total' in ok) {
        const names = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        expect(names, path).toEqual(expect.arrayContaining(['limit', 'offset']));
        expect(
          names.some((n) => n === 'sort' || n === 'order'),
          `${path} sorts`,
        ).toBe(true);
        expect(Object.keys(ok).sort(), path).toEqual(
          expect.arrayContaining(['items', 'total', 'limit', 'offset']),
        );
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400)
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
            'application/problem+json',
          ]);
      }
      if (path !== '/api/health' && path !== '/api/auth/login') {
        const statuses = Object.keys(op.responses);
        expect(statuses, `${method} ${path} documents 401`).toContain('401');
      }
    }
    expect(doc.security).toEqual([{ session: [] }, { token: [] }]);
    expect(doc.paths['/api/health']?.get?.security).toEqual([]);
  });

  it('documents the upload as multipart/form-data with one file', () => {
    const upload = doc.paths['/api/imports/{kind}']?.post;
    expect(upload?.requestBody?.content).toHaveProperty(['multipart/form-data']);
  });

  it('matches the committed client types (npm run gen:api regenerates them)', async () => {
    const committed = readFileSync(fileURLToPath(API_TYPES_PATH), 'utf8');
    const fresh = await generateApiTypes(doc as unknown as Record<string, unknown>);
    expect(fresh, 'packages/web/src/api/schema.d.ts is stale: run `npm run gen:api`').toBe(committed);
  });
});
