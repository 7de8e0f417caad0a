// The typed client's source: the OpenAPI document of a live server turned into TypeScript
// (openapi-typescript), for packages/web/src/api/schema.d.ts. `npm run gen:api` writes it; a test
// checks that the committed file matches the document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import { openAppStore } from '@oresight/app';
import { createServer } from '../create-server.ts';

/** Where the web app keeps the generated types (relative to this file). */
export const API_TYPES_PATH = new URL('../../../web/src/api/schema.d.ts', import.meta.url);

/** The OpenAPI document as served at /api/openapi.json (built on a throwaway store). */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'oresight-openapi-'));
  const store = await openAppStore({ ORESIGHT_DB: join(dir, 'doc.db'), DATABASE_URL: '' });
  try {
    const app = await createServer({ store });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      return JSON.parse(response.body) as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The TypeScript text of the API types.
 * @example writeFileSync(API_TYPES_PATH, await generateApiTypes());
 */
export async function generateApiTypes(document?: Record<string, unknown>): Promise<string> {
  const doc = document ?? (await buildOpenApiDocument());
  const ast = await openapiTS(doc as never, { silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}
