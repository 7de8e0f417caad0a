// Documentation that is generated from code must be up to date.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDocs } from '../scripts/gen-format-docs.ts';

describe('generated docs', () => {
  it('docs/formats.md matches the importers’ column table (run: npx tsx scripts/gen-format-docs.ts)', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../docs/formats.md'), 'utf8')).toBe(formatDocs());
  });
});
