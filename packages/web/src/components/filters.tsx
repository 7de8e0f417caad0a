// Filters above a list: all or one of a fixed set of values (a status, a list), or a province.
import { useI18n } from '../i18n/i18n.tsx';
import { PROVINCES } from '../lib/labels.tsx';

/** A labelled select of all ('') or one of `choices`; `inline` for a card's header. */
export function ChoiceFilter<C extends string>({
  label,
  value,
  choices,
  text,
  onChange,
  inline,
  testId,
}: {
  label: string;
  value: C | '';
  choices: readonly C[];
  text: (choice: C) => string;
  onChange: (choice: C | '') => void;
  inline?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <label className={inline ? 'inline-label' : undefined}>
      <span>{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(choices.find((c) => c === e.target.value) ?? '')}
        data-testid={testId}
      >
        <option value="">{t('common.all')}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {text(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled select of all provinces ('') or one of them, by code. */
export function RegionFilter({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <label>
      <span>{t('col.region')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('common.all')}</option>
        {PROVINCES.map((p) => (
          <option key={p.code} value={p.code}>
            {i18n.pick(p.nameZh, p.nameEn)}
          </option>
        ))}
      </select>
    </label>
  );
}
