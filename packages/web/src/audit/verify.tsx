// Checking the audit log's SHA-256 chain: every entry against its hash and its predecessor, and
// the recorded head. The first entry that does not verify is named with the reason.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { AuditVerification } from '../api/types.ts';
import { Card, ErrorBox } from '../components/ui.tsx';
import { fmtNum } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useAction } from '../lib/use-action.ts';

export function VerifyChainCard() {
  const { t, lang } = useI18n();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const verify = useAction(async () => {
    setResult(null);
    setResult(await data(api.GET('/api/audit/verify')));
  });
  return (
    <Card
      title={t('audit.verifyTitle')}
      testId="audit-verify"
      actions={
        <button
          type="button"
          className="btn btn-primary"
          disabled={verify.busy}
          onClick={() => void verify.run()}
          data-testid="audit-verify-run"
        >
          {t('audit.verify')}
        </button>
      }
    >
      <p className="hint">{t('audit.verifyHint')}</p>
      {verify.error !== undefined && <ErrorBox error={verify.error} />}
      {result &&
        (result.ok ? (
          <p className="outcome-status outcome-committed" role="status" data-testid="audit-verify-result">
            {t('audit.chainOk', { n: fmtNum(lang, result.entries) })}
          </p>
        ) : (
          <div className="state state-error" role="alert" data-testid="audit-verify-result">
            <strong>
              {t('audit.chainBroken', { id: result.brokenAt ?? '?', n: fmtNum(lang, result.entries) })}
            </strong>
            {result.reason && <span data-server-text="">{result.reason}</span>}
          </div>
        ))}
    </Card>
  );
}
