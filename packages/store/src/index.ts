// Public entry of @oresight/store.
export { openStore, resolveStoreConfig, migrateToLatest } from './open-store.ts';
export type { Store, StoreConfig, StoreTransaction } from './open-store.ts';
export type { Database } from './schema.ts';
export { nowIso } from './clock.ts';
export {
  findCommittedBatch,
  insertBatch,
  updateBatch,
  getBatch,
  listBatches,
  insertFileChunk,
  listFileChunks,
  listCommittedHashes,
} from './batch.repository.ts';
export type { ImportBatch, NewImportBatch, BatchQuery } from './batch.repository.ts';
export { insertRejects, listRejects } from './reject.repository.ts';
export type { Reject, NewReject, RejectQuery } from './reject.repository.ts';
export {
  upsertEnterprises,
  getEnterprise,
  listAllEnterprises,
  countEnterprises,
} from './enterprise.repository.ts';
export type { EnterpriseRow, EnterpriseInput } from './enterprise.repository.ts';
export { insertQuotas, listQuotas } from './quota.repository.ts';
export type { QuotaRow, QuotaInput } from './quota.repository.ts';
export { insertPrices, listPrices } from './price.repository.ts';
export type { PriceRow, PriceInput } from './price.repository.ts';
export {
  CatalogueOutOfSyncError,
  createLineWriter,
  sameHeader,
  invoiceHeaderOf,
} from './invoice-line.writer.ts';
export type {
  InvoiceHeader,
  InvoiceInput,
  ItemInput,
  LineChunk,
  LineWriter,
  LineWriterOptions,
  WrittenChunk,
} from './invoice-line.writer.ts';
export {
  getLine,
  getLinesByIds,
  getLinesByKeys,
  getBlueInvoiceTotals,
  getRedLinesFor,
  upsertRedLinks,
  listRedLinks,
  summarizeByProduct,
  countLines,
  countInvoiceParties,
} from './invoice-line.repository.ts';
export type { InvoiceLineRow, InvoiceTotals, ProductSummaryRow } from './invoice-line.repository.ts';
export {
  insertSegment,
  listSegmentMeta,
  readSegmentData,
  deleteSegmentsOfBatch,
} from './segment.repository.ts';
export type { LineSegment, LineSegmentMeta } from './segment.repository.ts';
export {
  listItemsAfter,
  setItemProduct,
  listLineDerivationsAfter,
  updateLineDerivations,
  countLinesByBatch,
  listSegmentSourceAfter,
} from './line-derivation.repository.ts';
export type {
  StoredItem,
  LineDerivationRow,
  SegmentSourceRow,
  BatchLines,
} from './line-derivation.repository.ts';
export {
  listCatalogueOverrides,
  putCatalogueOverride,
  deleteCatalogueOverride,
  listTaxIdAllowList,
  putTaxIdAllowed,
  getMeta,
  setMeta,
} from './settings.repository.ts';
export type { CatalogueOverrideRow, TaxIdAllowRow } from './settings.repository.ts';
export {
  insertRun,
  updateRun,
  getRunMeta,
  getRunResultBlob,
  listRuns,
  getLatestRun,
  insertRunEntries,
  getRunEntry,
  listRunEntries,
  listEntriesOfEnterprise,
  findPolicyByHash,
  insertPolicy,
  listPolicies,
  getPolicy,
} from './run.repository.ts';
export type { InspectionRunRow, InspectionRunMeta, RunEntryRow, PolicyRow } from './run.repository.ts';
export {
  appendAudit,
  listAudit,
  verifyAuditChain,
  auditEntryHash,
  AUDIT_GENESIS,
} from './audit.repository.ts';
export type { AuditEntry, AuditInput, AuditQuery, AuditVerification } from './audit.repository.ts';
export {
  insertUser,
  getUserByName,
  getUserById,
  listUsers,
  updateUser,
  deleteUser,
  countActiveUsersWithRole,
  insertSession,
  getSessionWithUser,
  touchSession,
  revokeSession,
  revokeSessionsOfUser,
  deleteStaleSessions,
  insertApiToken,
  getApiTokenWithUser,
  getApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from './user.repository.ts';
export type { UserRow, NewUser, SessionRow, ApiTokenRow, NewApiToken, UserQuery } from './user.repository.ts';
export {
  searchLines,
  getLineWithFlags,
  getInvoiceLines,
  listInvoiceParties,
  listLinePriceFacts,
} from './invoice-line.query.ts';
export type { LineSearch, LineWithFlags, LinePriceFact } from './invoice-line.query.ts';
export { searchQuotas, searchPrices } from './registry.query.ts';
export type { QuotaSearch, PriceSearch } from './registry.query.ts';
export { getDataVersion } from './data-version.query.ts';
export type { DataVersion } from './data-version.query.ts';
export { containsText } from './text-match.ts';
export { searchBatches, searchRejects, searchRuns } from './activity.query.ts';
export type { BatchSearch, RejectSearch, RunSearch } from './activity.query.ts';
export {
  insertCampaign,
  updateCampaign,
  getCampaign,
  listCampaigns,
  insertRegistration,
  updateRegistration,
  getRegistration,
  listRegistrations,
  listRegistrationsOfEnterprise,
  listDeclaredOpeningStocks,
} from './campaign.repository.ts';
export type {
  CampaignRow,
  NewCampaign,
  CampaignQuery,
  RegistrationRow,
  NewRegistration,
  DeclaredOpeningStock,
} from './campaign.repository.ts';
export {
  insertTasks,
  updateTask,
  getTask,
  listTasks,
  insertFinding,
  listFindings,
} from './task.repository.ts';
export type { TaskRow, NewTask, FindingRow, NewFinding, TaskFilter } from './task.repository.ts';
export { insertAttachment, listAttachmentMeta, getAttachment } from './attachment.repository.ts';
export type { AttachmentRow, AttachmentMeta, NewAttachment } from './attachment.repository.ts';
export { insertOverride, updateOverride, getOverride, listOverrides } from './override.repository.ts';
export type { OverrideRow, NewOverride, OverrideFilter } from './override.repository.ts';
export {
  insertPublication,
  getPublication,
  listPublications,
  listPublicationEntries,
  listPublicationEntriesOfEnterprise,
  insertAppeal,
  updateAppeal,
  getAppeal,
  listAppeals,
} from './publication.repository.ts';
export type {
  PublicationRow,
  NewPublication,
  PublicationEntryRow,
  AppealRow,
  NewAppeal,
} from './publication.repository.ts';
