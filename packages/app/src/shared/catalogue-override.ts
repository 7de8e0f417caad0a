// Parsing a user's catalogue override (a JSON object) at the edge (house rule 3).
import type {
  CatalogueOverride,
  Composition,
  Element,
  ProductCategory,
  QuantityBasis,
} from '@oresight/core/domain';
import { PRODUCT_CATEGORIES, isElement } from '@oresight/core/domain';

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates a catalogue override: `id` required; other fields optional but well-typed.
 * @example parseCatalogueOverride({ id: 'oxide-prnd', aliases: ['镨钕'] })
 */
export function parseCatalogueOverride(input: unknown): Parsed<CatalogueOverride> {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['an override must be a JSON object'] };
  const known = new Set([
    'id',
    'nameZh',
    'nameEn',
    'aliases',
    'category',
    'basis',
    'reoPerKg',
    'composition',
    'hsCode',
    'oreType',
    'specOverride',
  ]);
  for (const k of Object.keys(input)) if (!known.has(k)) errors.push(`unknown field ${k}`);
  const out: { -readonly [K in keyof CatalogueOverride]: CatalogueOverride[K] } = { id: '' };
  if (typeof input.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(input.id))
    errors.push('id must be lower-case letters, digits and dashes');
  else out.id = input.id;
  for (const k of ['nameZh', 'nameEn', 'hsCode'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') errors.push(`${k} must be a non-empty string`);
    else out[k] = v;
  }
  if (input.aliases !== undefined) {
    // An empty alias would match items with an empty name: never what a user means.
    if (
      !Array.isArray(input.aliases) ||
      !input.aliases.every((a) => typeof a === 'string' && a.trim() !== '')
    )
      errors.push('aliases must be a list of non-empty strings');
    else out.aliases = input.aliases as string[];
  }
  if (input.category !== undefined) {
    if (
      typeof input.category !== 'string' ||
      !(PRODUCT_CATEGORIES as readonly string[]).includes(input.category)
    )
      errors.push(`category must be one of ${PRODUCT_CATEGORIES.join(', ')}`);
    else out.category = input.category as ProductCategory;
  }
  if (input.basis !== undefined) {
    if (input.basis !== 'reo' && input.basis !== 'product') errors.push('basis must be reo or product');
    else out.basis = input.basis as QuantityBasis;
  }
  if (input.reoPerKg !== undefined) {
    if (typeof input.reoPerKg !== 'number' || !(input.reoPerKg >= 0 && input.reoPerKg <= 2))
      errors.push('reoPerKg must be a number from 0 to 2');
    else out.reoPerKg = input.reoPerKg;
  }
  if (input.composition !== undefined) {
    if (!isRecord(input.composition)) errors.push('composition must be an object of element shares');
    else {
      const comp: Partial<Record<Element, number>> = {};
      for (const [el, share] of Object.entries(input.composition)) {
        if (!isElement(el)) errors.push(`composition: ${el} is not a rare earth element`);
        else if (typeof share !== 'number' || share < 0)
          errors.push(`composition: ${el} must be a non-negative number`);
        else comp[el] = share;
      }
      out.composition = comp as Composition;
    }
  }
  if (input.oreType !== undefined) {
    if (input.oreType !== 'rock' && input.oreType !== 'ionic') errors.push('oreType must be rock or ionic');
    else out.oreType = input.oreType;
  }
  if (input.specOverride !== undefined) {
    if (typeof input.specOverride !== 'boolean') errors.push('specOverride must be true or false');
    else out.specOverride = input.specOverride;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}
