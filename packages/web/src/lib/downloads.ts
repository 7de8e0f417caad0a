// Addresses of the files the API hands out (reports, list exports, attachments). They are plain
// links: the browser sends the session cookie and saves or shows the file itself; every download
// is audited by the server.
import type { Lang } from '../i18n/i18n.tsx';
import { hrefOf } from './router.tsx';

export type ReportFormat = 'html' | 'pdf';
export type TableFormat = 'xlsx' | 'csv';

/** A campaign's report (progress, tasks, outcome, publications). */
export function campaignReportHref(id: number, format: ReportFormat, lang: Lang): string {
  return hrefOf(`/api/reports/campaigns/${id}`, { format, lang });
}

/** An enterprise's dossier report (the latest run unless `runId`). */
export function dossierReportHref(taxId: string, format: ReportFormat, lang: Lang, runId?: number): string {
  return hrefOf(`/api/reports/dossiers/${encodeURIComponent(taxId)}`, { format, lang, runId });
}

/** A publication's frozen entries, cut to the reader's regions. */
export function publicationExportHref(id: number, format: TableFormat, lang: Lang): string {
  return hrefOf(`/api/publications/${id}/export.${format}`, { lang });
}

/** A run's lists in force (overrides applied). */
export function runListExportHref(runId: number, format: TableFormat, lang: Lang): string {
  return hrefOf(`/api/runs/${runId}/lists.${format}`, { lang });
}

export function attachmentHref(taskId: number, attachmentId: number): string {
  return `/api/tasks/${taskId}/attachments/${attachmentId}`;
}
