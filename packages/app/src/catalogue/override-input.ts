// Catalogue overrides as a user hands them over (docs/catalogue.md): one JSON object, or an array
// of them, typed or read from a file. Parsed here, once, at the edge (house rule 3).
import { readFileSync } from 'node:fs';
import type { CatalogueOverride } from '@oresight/core/domain';
import type { Failure, Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';
import { parseCatalogueOverride } from '../shared/catalogue-override.ts';

/** An `invalid` failure listing every problem, each naming the override and the field. */
export function invalidOverrides(details: readonly string[]): Failure {
  return {
    code: 'invalid',
    zh: `产品目录调整无效：${details.join('；')}`,
    en: `Invalid catalogue override: ${details.join('; ')}`,
    details,
  };
}

function label(input: unknown, index: number, count: number): string {
  const id =
    typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string'
      ? input.id
      : undefined;
  const position = count > 1 ? `override ${index + 1}` : 'override';
  return id === undefined ? position : `${position} (${id})`;
}

/**
 * One override or an array of them, each validated; ids must be distinct.
 * @example parseOverrideList([{ id: 'oxide-prnd', aliases: ['镨钕'] }]) // { ok: true, value: [...] }
 */
export function parseOverrideList(input: unknown): Outcome<CatalogueOverride[]> {
  const list = Array.isArray(input) ? (input as unknown[]) : [input];
  if (list.length === 0) return { ok: false, error: invalidOverrides(['the list holds no override']) };
  const errors: string[] = [];
  const out: CatalogueOverride[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const parsed = parseCatalogueOverride(item);
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.push(`${label(item, i, list.length)}: ${e}`);
      return;
    }
    if (seen.has(parsed.value.id))
      errors.push(`${label(item, i, list.length)}: id ${parsed.value.id} appears twice in the list`);
    seen.add(parsed.value.id);
    out.push(parsed.value);
  });
  return errors.length > 0 ? { ok: false, error: invalidOverrides(errors) } : ok(out);
}

/**
 * The JSON value of a file (UTF-8, a BOM allowed); a missing file or bad JSON is a failure that
 * says so, not a crash.
 * @example const value = readJsonFile('overrides.json');
 */
export function readJsonFile(path: string): Outcome<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: {
        code: 'bad_request',
        zh: `无法读取文件 ${path}：${reason}`,
        en: `Cannot read ${path}: ${reason}`,
      },
    };
  }
  try {
    return ok(JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: {
        code: 'invalid',
        zh: `${path} 不是有效的 JSON：${reason}`,
        en: `${path} is not valid JSON: ${reason}`,
      },
    };
  }
}
