// Public entry of @oresight/core/inspect: Dataset → Findings (signals, lists, reasons, evidence).
export type { Dataset, DatasetEnterprise, DatasetLines, DatasetQuota, DatasetQuote } from './dataset.ts';
export { DEFAULT_POLICY, LIST_NAMES, RULE_CATALOGUE, RULE_IDS, parsePolicy, policyHash } from './policy.ts';
export type {
  ListName,
  MeasureText,
  Policy,
  PolicyParameters,
  PolicyRule,
  RecoveryTable,
  RuleId,
  RuleList,
  RuleParamValue,
} from './policy.ts';
export { createDatasetBuilder } from './builder.ts';
export type {
  BuilderEnterprise,
  BuilderLine,
  BuilderQuota,
  BuilderQuote,
  DatasetBuilder,
  DatasetBuilderInit,
} from './builder.ts';
export { inspect } from './inspect.ts';
export type { InspectOptions } from './inspect.ts';
export { RESULT_SCHEMA, serializeResult } from './result.ts';
export type {
  CapHit,
  CycleResult,
  ElementSignals,
  EnterpriseResult,
  EnterpriseSignals,
  InspectionResult,
  Reason,
} from './result.ts';
export { BREACH_KINDS } from './aggregate.ts';
export type { BreachKind } from './aggregate.ts';
export { diffResults } from './diff.ts';
export type { EnterpriseChange, ReasonChange, ResultDiff, SignalDelta } from './diff.ts';
export { resultTable } from './table.ts';
export { normalizeQuote } from './prices.ts';
