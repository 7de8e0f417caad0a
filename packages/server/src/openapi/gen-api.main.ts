// `npm run gen:api`: regenerates packages/web/src/api/schema.d.ts from the server's OpenAPI document.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_TYPES_PATH, generateApiTypes } from './generate-types.ts';

const path = fileURLToPath(API_TYPES_PATH);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, await generateApiTypes());
process.stdout.write(`wrote ${path}\n`);
