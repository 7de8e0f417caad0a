// Helpers shared by the inspection tests: the shipped catalogue, a builder over a period, policies
// with changed parameters, and lookups into results. Not exported by the package.
import { createCatalogue } from '../domain/index.ts';
import type { IsoDate, Product } from '../domain/index.ts';
import { createDatasetBuilder } from './builder.ts';
import type { DatasetBuilder } from './builder.ts';
import { DEFAULT_POLICY } from './policy.ts';
import type { Policy, PolicyParameters, RuleId } from './policy.ts';
import type { EnterpriseResult, InspectionResult } from './result.ts';

export const PRODUCTS: readonly Product[] = createCatalogue().products;

export function productOf(id: string): Product {
  const p = PRODUCTS.find((x) => x.id === id);
  if (!p) throw new Error(`no product ${id}`);
  return p;
}

/** A builder over a period (default the year 2013, VAT 17%). */
export function builder(from: IsoDate = '2013-01-01', to: IsoDate = '2013-12-31'): DatasetBuilder {
  return createDatasetBuilder({ period: { from, to }, fingerprint: 'test', products: PRODUCTS });
}

/** The default policy with parameters changed. */
export function policyWith(
  parameters: Partial<PolicyParameters>,
  rules: Partial<Record<RuleId, { enabled?: boolean; params?: Record<string, number> }>> = {},
): Policy {
  return {
    ...DEFAULT_POLICY,
    parameters: { ...DEFAULT_POLICY.parameters, ...parameters },
    rules: DEFAULT_POLICY.rules.map((r) => {
      const change = rules[r.id];
      if (!change) return r;
      return {
        ...r,
        enabled: change.enabled ?? r.enabled,
        params: { ...r.params, ...(change.params ?? {}) },
      };
    }),
  };
}

export function entry(result: InspectionResult, taxId: string): EnterpriseResult {
  const e = result.enterprises.find((x) => x.taxId === taxId);
  if (!e) throw new Error(`no enterprise ${taxId} in the result`);
  return e;
}

export function rulesOf(result: InspectionResult, taxId: string): string[] {
  return entry(result, taxId).reasons.map((r) => (r.element ? `${r.rule}:${r.element}` : r.rule));
}
