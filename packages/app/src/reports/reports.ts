// Reports as files (issue 7): the enterprise dossier and the campaign report as printable HTML
// and PDF. Producing a report is an export of the data it shows, so each one is audited.
import { createHash } from 'node:crypto';
import type { IsoDate } from '@oresight/core/domain';
import type { Store } from '@oresight/store';
import { appendAudit } from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';
import type { Actor } from '../users/roles.ts';
import { buildCampaignReport, renderCampaignHtml } from './campaign-report.ts';
import { buildDossier, renderDossierHtml } from './dossier.ts';
import type { ReportLanguage } from './html.ts';
import { renderPdf } from './pdf.ts';

export type ReportFormat = 'html' | 'pdf';

export interface ReportFiles {
  /** A file name without extension, e.g. `dossier-911502007012888877`. */
  readonly baseName: string;
  readonly html: string;
  /** Present when `pdf` was asked for. */
  readonly pdf: Uint8Array | null;
}

async function finish(
  store: Store,
  actor: Actor,
  action: string,
  subject: string,
  baseName: string,
  html: string,
  formats: readonly ReportFormat[],
  details: Record<string, unknown>,
): Promise<ReportFiles> {
  const pdf = formats.includes('pdf') ? await renderPdf(html) : null;
  await store.transaction((tx) =>
    appendAudit(tx, {
      actor: actor.username,
      action,
      subject,
      details: {
        ...details,
        formats,
        regions: actor.regions,
        htmlSha256: createHash('sha256').update(html).digest('hex'),
        ...(pdf ? { pdfSha256: createHash('sha256').update(pdf).digest('hex') } : {}),
      },
    }),
  );
  return { baseName, html, pdf };
}

/**
 * An enterprise's dossier as HTML (and PDF when asked), audited as `report.dossier`.
 * @example const files = unwrap(await dossierReport(store, actor, '911502007012888877', { lang: 'both', formats: ['pdf'] }));
 */
export async function dossierReport(
  store: Store,
  actor: Actor,
  taxId: string,
  options: { runId?: number; lang: ReportLanguage; formats: readonly ReportFormat[]; asOf?: IsoDate },
): Promise<Outcome<ReportFiles>> {
  const data = await buildDossier(store, actor, taxId, {
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
  });
  if (!data.ok) return data;
  const html = renderDossierHtml(data.value, options.lang);
  return ok(
    await finish(
      store,
      actor,
      'report.dossier',
      `enterprise:${taxId}`,
      `dossier-${taxId}`,
      html,
      options.formats,
      {
        runId: data.value.run?.id ?? null,
        lang: options.lang,
      },
    ),
  );
}

/**
 * A campaign's report as HTML (and PDF when asked), audited as `report.campaign`.
 * @example const files = unwrap(await campaignReport(store, actor, 1, { lang: 'zh', formats: ['html', 'pdf'] }));
 */
export async function campaignReport(
  store: Store,
  actor: Actor,
  campaignId: number,
  options: { lang: ReportLanguage; formats: readonly ReportFormat[]; asOf?: IsoDate },
): Promise<Outcome<ReportFiles>> {
  const data = await buildCampaignReport(store, actor, campaignId, {
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
  });
  if (!data.ok) return data;
  const html = renderCampaignHtml(data.value, options.lang);
  return ok(
    await finish(
      store,
      actor,
      'report.campaign',
      `campaign:${campaignId}`,
      `campaign-${campaignId}`,
      html,
      options.formats,
      {
        lang: options.lang,
      },
    ),
  );
}
