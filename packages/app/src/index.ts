// Public entry of @oresight/app: the use cases. The CLI and the server call these; they never
// touch the store's tables directly.
export { openAppStore, resolveStoreConfig } from './shared/open.ts';
export type { Store, StoreConfig } from './shared/open.ts';
export { loadCatalogue, loadTaxIdAllowList } from './shared/catalogue.ts';
export { parseCatalogueOverride } from './shared/catalogue-override.ts';
export {
  CATALOGUE_EDITORS_ONLY,
  setCatalogueOverrides,
  setCatalogueOverridesFromFile,
  removeCatalogueOverride,
} from './catalogue/overrides.ts';
export type { SavedOverride, SetOverridesResult, RemovedOverride } from './catalogue/overrides.ts';
export { listEffectiveCatalogue } from './catalogue/effective-catalogue.ts';
export type { EffectiveProduct } from './catalogue/effective-catalogue.ts';
export { rederive, REMATCHED_SHOWN } from './catalogue/rederive.ts';
export type {
  RederiveOptions,
  RederiveOutcome,
  RederiveProgress,
  RematchedItem,
} from './catalogue/rederive.ts';
export { importFile, MAX_ISSUES_KEPT } from './imports/import-file.ts';
export type {
  ImportKind,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  ImportStatus,
} from './imports/import-file.ts';
export { summarizeStore } from './imports/summary.ts';
export type { StoreSummary } from './imports/summary.ts';
export { listBatches, getBatch, listRejects } from '@oresight/store';
export type { ImportBatch, Reject } from '@oresight/store';
export { loadDataset } from './inspections/load-dataset.ts';
export type { LoadStats } from './inspections/load-dataset.ts';
export { computeFingerprint } from './inspections/fingerprint.ts';
export { createSegmentBuilder, decodeSegment } from './imports/line-segment.codec.ts';
export { AppError, fail, ok, unwrap, notFound } from './shared/app-error.ts';
export type { Failure, FailureCode, Outcome } from './shared/app-error.ts';
export { USER_ROLES, USER_ROLE_LABELS, isUserRole, can, regionCodeProblem } from './users/roles.ts';
export type { Actor, Permission, UserRole } from './users/roles.ts';
export {
  createUser,
  listUserAccounts,
  getUserAccount,
  updateUserAccount,
  setUserPassword,
  changeOwnPassword,
  deleteUserAccount,
} from './users/users.ts';
export type { UserView, NewUserInput, UserChanges, UserListQuery } from './users/users.ts';
export {
  signIn,
  signOut,
  resolveSession,
  createApiToken,
  resolveApiToken,
  listApiTokenViews,
  revokeApiTokenById,
  DEFAULT_SESSION_POLICY,
} from './users/sessions.ts';
export type {
  SignInInput,
  SignedIn,
  ResolvedSession,
  SessionPolicy,
  ApiTokenView,
} from './users/sessions.ts';
export { createLoginThrottle } from './users/login-throttle.ts';
export type { LoginThrottle, LoginThrottleOptions } from './users/login-throttle.ts';
export { generatePassword, MIN_PASSWORD_LENGTH } from './users/password.ts';
export { createJobRunner } from './jobs/job-runner.ts';
export type { JobRunner, JobView, JobStatus, JobProgress, JobSpec, JobContext } from './jobs/job-runner.ts';
export { submitImportJob, JOB_ISSUES_SHOWN } from './jobs/import-job.ts';
export type { ImportJobResult, ImportJobInput } from './jobs/import-job.ts';
export { createReadService, MAX_RATIO_CANDIDATES, MAX_EXPORT_ROWS } from './queries/read-service.ts';
export type {
  ReadService,
  EnterpriseDossier,
  LineQuery,
  QuotaView,
  PriceView,
  RunView,
  RunEntryQuery,
  RunEntryItem,
  RunEntryDetail,
  RunDiffView,
} from './queries/read-service.ts';
export { ENTERPRISE_SORTS } from './queries/enterprise.query.ts';
export type { EnterpriseQuery, EnterpriseListItem, EnterpriseSort } from './queries/enterprise.query.ts';
export type { LineView } from './queries/line.query.ts';
export type { MarketQuery, MarketSeries, MarketBucket } from './queries/market.query.ts';
export type { Page } from './queries/page.ts';
export { pageOf } from './queries/page.ts';
export type { RunRef } from './queries/run-entries.ts';
export { SUMMARY_SIGNALS } from './queries/run-entries.ts';
export { toCsv } from './queries/csv.ts';
export { listPolicyRecords, getPolicyRecord, savePolicy } from './queries/policies.ts';
export type { PolicyRecord } from './queries/policies.ts';
export { searchBatches, searchRejects } from '@oresight/store';
export type { BatchSearch, RejectSearch } from '@oresight/store';
export { writeSimulation, checkSimulationOptions } from './simulation/write-simulation.ts';
export type {
  WriteSimulationOptions,
  WrittenSimulation,
  SimulationFormat,
} from './simulation/write-simulation.ts';
export { loadDemo } from './simulation/load-demo.ts';
export type { DemoProgress, DemoResult } from './simulation/load-demo.ts';
export {
  runInspection,
  getRunResult,
  diffRuns,
  parsePeriod,
  parsePolicyText,
} from './inspections/run-inspection.ts';
export type { Period, RunInspectionInput, RunOutcome, RunStats } from './inspections/run-inspection.ts';
export { explainEnterprise, parseEvidenceRef } from './inspections/explain.ts';
export type { Explanation } from './inspections/explain.ts';
export { submitInspectionJob } from './jobs/inspection-job.ts';
export type { InspectionJobResult, InspectionJobInput } from './jobs/inspection-job.ts';
export { exportResultTable } from './inspections/export-run.ts';
export type { TableFormat } from './inspections/export-run.ts';
export { listRuns, getRunMeta, getLatestRun } from '@oresight/store';
export type { InspectionRunMeta } from '@oresight/store';
export { ensureDemoAdmin } from './startup/demo-admin.ts';
export type { DemoAdmin } from './startup/demo-admin.ts';
export { getRegionSummary, getEnterpriseFlows, getEnterprisePriceRatios } from './queries/insight.query.ts';
export type {
  ListCounts,
  RegionSummaryQuery,
  RegionSummaryRow,
  RegionSummary,
  FlowQuery,
  FlowParty,
  FlowSide,
  EnterpriseFlows,
  PriceRatioQuery,
  PriceRatioBucket,
  PriceRatioPoint,
  PriceRatioSeries,
} from './queries/insight.query.ts';
// Campaigns, registration, inspection tasks, list governance, audit log, reports (issue 7).
export { isManager, canWork, todayCst } from './campaigns/access.ts';
export {
  TASK_KINDS,
  TASK_KIND_LABELS,
  DEFAULT_CAMPAIGN_MEASURES,
  isTaskKind,
  parseCampaignMeasures,
} from './campaigns/measures.ts';
export type { TaskKind, ListMeasure, CampaignMeasures } from './campaigns/measures.ts';
export {
  CAMPAIGN_STATUSES,
  createCampaign,
  updateCampaign,
  loadCampaign,
  listCampaignViews,
} from './campaigns/campaigns.ts';
export type { CampaignView, CampaignInput, CampaignChanges, CampaignStatus } from './campaigns/campaigns.ts';
export {
  REGISTRATION_STATUSES,
  tonnesTextToKg,
  parseCompositionText,
  checkComposition,
} from './campaigns/registration-values.ts';
export type { Licence, RegistrationInput, RegistrationStatus } from './campaigns/registration-values.ts';
export { parseRegistrationFile, csvRecords } from './campaigns/registration-file.ts';
export type {
  RegistrationRowIssue,
  RegistrationFileRow,
  ParsedRegistrationFile,
} from './campaigns/registration-file.ts';
export {
  upsertRegistration,
  verifyRegistration,
  getCampaignRegistration,
  listCampaignRegistrations,
  registrationProgress,
  importRegistrations,
} from './campaigns/registrations.ts';
export type {
  RegistrationState,
  RegistrationView,
  RegistrationListItem,
  RegistrationQuery,
  ProgressRow,
  RegistrationProgress,
  RegistrationImportResult,
} from './campaigns/registrations.ts';
export { loadDeclaredStocks } from './campaigns/declared-stock.ts';
export type { DeclaredStock, DeclaredStocks } from './campaigns/declared-stock.ts';
export {
  TASK_STATUSES,
  TASK_STATUS_LABELS,
  VIOLATION_KINDS,
  VIOLATION_LABELS,
  LICENCE_ACTIONS,
  LICENCE_ACTION_LABELS,
  TASK_VOCABULARY,
  generateTasks,
  listTaskViews,
  getTaskDetail,
  setTaskStatus,
  updateTaskPlan,
  recordFinding,
  pickInspector,
} from './campaigns/tasks.ts';
export type {
  TaskStatus,
  ViolationKind,
  LicenceAction,
  TaskView,
  TaskDetail,
  FindingView,
  FindingInput,
  GenerateResult,
  TaskQuery,
} from './campaigns/tasks.ts';
export {
  MAX_ATTACHMENT_BYTES,
  ATTACHMENT_TYPES,
  addAttachment,
  getAttachmentFile,
  checkAttachmentType,
  safeAttachmentName,
} from './campaigns/attachments.ts';
export type { AttachmentView } from './campaigns/attachments.ts';
export {
  OVERRIDE_STATUSES,
  requestOverride,
  approveOverride,
  rejectOverride,
  withdrawOverride,
  listOverrideViews,
  getOverrideView,
  overridesInForce,
} from './governance/overrides.ts';
export type { OverrideStatus, OverrideView, OverrideRequest, OverrideQuery } from './governance/overrides.ts';
export { getEffectiveList } from './governance/effective-list.ts';
export type { EffectiveEntry, EffectiveList } from './governance/effective-list.ts';
export { encodeListTable, LIST_LABELS } from './governance/list-export.ts';
export type { ListExportFormat, ListExportRow } from './governance/list-export.ts';
export {
  publishList,
  listPublicationViews,
  getPublicationView,
  listPublicationEntryViews,
  exportPublication,
  exportRunList,
  publicationHash,
} from './governance/publications.ts';
export type { PublicationView, PublicationEntryView, ExportedFile } from './governance/publications.ts';
export {
  APPEAL_OUTCOMES,
  fileAppeal,
  decideAppeal,
  listAppealViews,
  getAppealView,
} from './governance/appeals.ts';
export type { AppealView, AppealOutcome, AppealStatus } from './governance/appeals.ts';
export { AUDIT_ACTIONS, listAuditEntries, verifyAudit, recordAudit } from './audit/audit.ts';
export type { AuditEntryView } from './audit/audit.ts';
export { REPORT_LANGUAGES } from './reports/html.ts';
export type { ReportLanguage } from './reports/html.ts';
export { buildDossier, renderDossierHtml } from './reports/dossier.ts';
export type { DossierData } from './reports/dossier.ts';
export { buildCampaignReport, renderCampaignHtml } from './reports/campaign-report.ts';
export type { CampaignReportData } from './reports/campaign-report.ts';
export { renderPdf, findChromium, CHROMIUM_ARGS } from './reports/pdf.ts';
export { dossierReport, campaignReport } from './reports/reports.ts';
export type { ReportFormat, ReportFiles } from './reports/reports.ts';
