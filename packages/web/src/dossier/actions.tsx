// What can be done from a dossier: its printable report (HTML or PDF, the run shown) and an
// override of the enterprise's list in that run (list governance; not for viewers).
import { useI18n } from '../i18n/i18n.tsx';
import { useCanWork } from '../lib/auth.tsx';
import { dossierReportHref } from '../lib/downloads.ts';
import { Link, hrefOf } from '../lib/router.tsx';

export function DossierActions({ taxId, runId }: { taxId: string; runId: number | undefined }) {
  const { t, lang } = useI18n();
  const canWork = useCanWork();
  return (
    <>
      <a
        className="btn"
        href={dossierReportHref(taxId, 'html', lang, runId)}
        target="_blank"
        rel="noreferrer"
        data-testid="dossier-report-html"
      >
        {t('report.html')}
      </a>
      <a className="btn" href={dossierReportHref(taxId, 'pdf', lang, runId)} data-testid="dossier-report-pdf">
        {t('report.pdf')}
      </a>
      {canWork && runId !== undefined && (
        <Link
          className="btn btn-primary"
          to={hrefOf('/governance', { taxId, runId })}
          data-testid="dossier-create-override"
        >
          {t('dossier.createOverride')}
        </Link>
      )}
    </>
  );
}
