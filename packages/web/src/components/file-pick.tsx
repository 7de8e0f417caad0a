// A file chooser that speaks the reader's language (the browser's own button speaks the
// browser's): the hidden input keeps keyboard and screen reader access.
import { useI18n } from '../i18n/i18n.tsx';
import { fmtBytes } from '../i18n/format.ts';
import { V } from './ui.tsx';

export function FilePick({
  file,
  onChange,
  accept,
  label,
  testId,
}: {
  file: File | null;
  onChange: (file: File | null) => void;
  accept: string;
  label: string;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="grow file-field">
      <span>{label}</span>
      <label className="file-pick">
        <input
          type="file"
          className="visually-hidden"
          accept={accept}
          onChange={(e) => onChange(e.target.files?.[0] ?? null)}
          data-testid={testId}
        />
        <span className="btn btn-small">{t('imports.chooseFile')}</span>
        <span className="file-name">
          {file ? <V>{`${file.name} · ${fmtBytes(lang, file.size)}`}</V> : t('imports.noFile')}
        </span>
      </label>
    </div>
  );
}
