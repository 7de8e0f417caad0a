// Names for the API's response shapes, read off the generated types (schema.d.ts), so that a
// server change that breaks a screen breaks the type check first.
import type { paths } from './schema';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Ok<Op> = Op extends { responses: infer Rs }
  ? 200 extends keyof Rs
    ? Json<Rs[200]>
    : 201 extends keyof Rs
      ? Json<Rs[201]>
      : 202 extends keyof Rs
        ? Json<Rs[202]>
        : never
  : never;

/** The 2xx JSON body of GET on a path. */
export type GetOk<P extends keyof paths> = Ok<paths[P]['get']>;
/** The 2xx JSON body of POST on a path. */
export type PostOk<P extends keyof paths> = Ok<paths[P]['post']>;
/** The query parameters of GET on a path. */
export type GetQuery<P extends keyof paths> = paths[P]['get'] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

export type Me = GetOk<'/api/auth/me'>;
export type EnterprisePage = GetOk<'/api/enterprises'>;
export type EnterpriseItem = EnterprisePage['items'][number];
export type Dossier = GetOk<'/api/enterprises/{taxId}'>;
export type Signals = NonNullable<Dossier['latest']>['signals'];
export type Reason = NonNullable<Dossier['latest']>['reasons'][number];
export type Line = GetOk<'/api/lines/{id}'>;
export type LinePage = GetOk<'/api/lines'>;
export type LineQuery = GetQuery<'/api/lines'>;
export type Product = GetOk<'/api/products'>['items'][number];
export type Market = GetOk<'/api/market'>;
export type Run = GetOk<'/api/runs/{id}'>;
export type RunDiff = GetOk<'/api/runs/diff'>;
export type DiffEnterprise = RunDiff['enterprises']['items'][number];
export type PolicyRecord = GetOk<'/api/policies/{id}'>;
export type PolicyBody = GetOk<'/api/policies/default'>;
export type Job = GetOk<'/api/jobs/{id}'>;
export type Batch = GetOk<'/api/imports/batches/{id}'>;
export type Reject = GetOk<'/api/imports/batches/{id}/rejects'>['items'][number];
export type RegionSummary = GetOk<'/api/insight/regions'>;
export type Flows = GetOk<'/api/enterprises/{taxId}/flows'>;
export type FlowParty = Flows['suppliers']['items'][number];
export type PriceRatios = GetOk<'/api/enterprises/{taxId}/price-ratios'>;
export type Campaign = GetOk<'/api/campaigns/{id}'>;
export type CampaignProgress = GetOk<'/api/campaigns/{id}/progress'>;
export type ProgressRow = CampaignProgress['total'];
export type RegistrationItem = GetOk<'/api/campaigns/{id}/registrations/{taxId}'>;
export type Registration = NonNullable<RegistrationItem['registration']>;
export type RegistrationInput = NonNullable<
  paths['/api/campaigns/{id}/registrations/{taxId}']['put']['requestBody']
>['content']['application/json'];
export type RegistrationImport = PostOk<'/api/campaigns/{id}/registrations/import'>;
export type TaskItem = GetOk<'/api/tasks'>['items'][number];
export type TaskDetail = GetOk<'/api/tasks/{id}'>;
export type TaskStatus = TaskItem['status'];
export type TaskKind = TaskItem['kind'];
export type FindingInput = NonNullable<
  paths['/api/tasks/{id}/findings']['post']['requestBody']
>['content']['application/json'];
export type ViolationKind = FindingInput['violationKind'];
export type LicenceAction = NonNullable<FindingInput['licenceAction']>;
export type Override = GetOk<'/api/overrides/{id}'>;
export type OverrideStatus = Override['status'];
export type Publication = GetOk<'/api/publications/{id}'>;
export type Appeal = GetOk<'/api/appeals/{id}'>;
export type AuditEntry = GetOk<'/api/audit'>['items'][number];
export type AuditVerification = GetOk<'/api/audit/verify'>;
export type ListName = 'black' | 'grey' | 'white' | 'unrated';
export const LIST_NAMES: readonly ListName[] = ['black', 'grey', 'white', 'unrated'];

/** The result of an import job (JobSchema.result is untyped in the document: see import.schema.ts). */
export interface ImportResult {
  readonly file: string;
  readonly kind: string;
  readonly status: 'committed' | 'rejected' | 'already_imported' | 'dry_run';
  readonly batchId: number | null;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicate: number;
  readonly updated: number;
  readonly format: string;
  readonly encoding: string | null;
  readonly fatal: ImportIssue | null;
  readonly issues: readonly ImportIssue[];
}

export interface ImportIssue {
  readonly source: string;
  readonly row: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** The result of an inspection job. */
export interface InspectionResult {
  readonly runId: number;
  readonly period: { readonly from: string; readonly to: string };
  readonly counts: Record<ListName, number>;
}
