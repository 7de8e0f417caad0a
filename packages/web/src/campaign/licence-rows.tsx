// The licences of a registration as editable rows: kind, number, valid until (optional).
import { useI18n } from '../i18n/i18n.tsx';

export interface LicenceDraft {
  readonly kind: string;
  readonly number: string;
  /** YYYY-MM-DD or '' */
  readonly validUntil: string;
}

export function LicenceRows({
  value,
  onChange,
}: {
  value: readonly LicenceDraft[];
  onChange: (rows: LicenceDraft[]) => void;
}) {
  const { t } = useI18n();
  const set = (i: number, change: Partial<LicenceDraft>) =>
    onChange(value.map((row, k) => (k === i ? { ...row, ...change } : row)));
  return (
    <div className="licences" data-testid="licences">
      <div className="form-label">{t('registration.licences')}</div>
      {value.length === 0 && <p className="hint">{t('registration.noLicences')}</p>}
      {value.map((l, i) => (
        <div key={i} className="filters">
          <label>
            <span>{t('registration.licenceKind')}</span>
            <input
              value={l.kind}
              onChange={(e) => set(i, { kind: e.target.value })}
              maxLength={50}
              required
              placeholder={t('registration.licenceKindPlaceholder')}
              data-testid="licence-kind"
            />
          </label>
          <label className="grow">
            <span>{t('registration.licenceNumber')}</span>
            <input
              value={l.number}
              onChange={(e) => set(i, { number: e.target.value })}
              maxLength={100}
              required
              data-testid="licence-number"
            />
          </label>
          <label>
            <span>{t('registration.licenceValidUntil')}</span>
            <input
              type="date"
              value={l.validUntil}
              onChange={(e) => set(i, { validUntil: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onChange(value.filter((_, k) => k !== i))}
          >
            {t('action.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...value, { kind: '', number: '', validUntil: '' }])}
        data-testid="licence-add"
      >
        {t('registration.addLicence')}
      </button>
    </div>
  );
}
