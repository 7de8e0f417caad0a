// Bulk registration: a CSV or XLSX table of enterprises (Chinese or English headers), all or
// nothing unless "skip bad rows"; every bad row comes back with its reason.
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { RegistrationImport } from '../api/types.ts';
import { uploadRegistrations } from '../api/upload.ts';
import { FilePick } from '../components/file-pick.tsx';
import { IssueTable } from '../components/issue-table.tsx';
import { Card, ErrorBox } from '../components/ui.tsx';
import { fmtNum } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useAction } from '../lib/use-action.ts';

export function RegistrationImportCard({ campaignId, onDone }: { campaignId: number; onDone: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [result, setResult] = useState<RegistrationImport | null>(null);
  const upload = useAction(async (f: File) => {
    setResult(null);
    const r = await uploadRegistrations(campaignId, f, { skipInvalid });
    setResult(r);
    if (r.accepted > 0) onDone();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) void upload.run(file);
  };
  return (
    <Card title={t('registrationImport.title')} testId="registration-import">
      <form className="filters" onSubmit={submit}>
        <FilePick
          file={file}
          onChange={setFile}
          accept=".csv,.xlsx,.txt"
          label={t('imports.file')}
          testId="registration-file"
        />
        <label className="check">
          <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
          <span>{t('imports.skipInvalid')}</span>
        </label>
        <button type="submit" className="btn btn-primary" disabled={!file || upload.busy}>
          {t('registrationImport.submit')}
        </button>
      </form>
      <p className="hint">{t('registrationImport.hint')}</p>
      {upload.error !== undefined && <ErrorBox error={upload.error} />}
      {result && <ImportOutcome r={result} />}
    </Card>
  );
}

function ImportOutcome({ r }: { r: RegistrationImport }) {
  const { t, lang } = useI18n();
  const counts: [string, number][] = [
    [t('imports.rowsRead'), r.rowsRead],
    [t('registrationImport.created'), r.created],
    [t('registrationImport.updated'), r.updated],
    [t('registrationImport.unchanged'), r.unchanged],
    [t('imports.rejected'), r.rejected],
  ];
  return (
    <div className="outcome" data-testid="registration-import-outcome">
      <p className={`outcome-status outcome-${r.status}`}>{t(`registrationImport.status.${r.status}`)}</p>
      <div className="stat-row">
        {counts.map(([label, n]) => (
          <div key={label} className="stat">
            <span className="stat-label">{label}</span>
            <span className="stat-value">{fmtNum(lang, n)}</span>
          </div>
        ))}
      </div>
      {r.fatal && (
        <div className="state state-error" role="alert">
          <span data-server-text="">{lang === 'zh' ? r.fatal.zh : r.fatal.en}</span>
        </div>
      )}
      {r.issues.length > 0 && <IssueTable issues={r.issues} />}
    </div>
  );
}
