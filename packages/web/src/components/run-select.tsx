// A choice of finished inspection run (newest first), for the actions that work on a run's lists:
// generating tasks, overrides, publications.
import { useEffect } from 'react';
import { api, data } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../lib/use-api.ts';

export function RunSelect({
  value,
  onChange,
  label,
  testId,
}: {
  value: number | null;
  onChange: (runId: number | null) => void;
  label?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const runs = useApi(
    (signal) => data(api.GET('/api/runs', { params: { query: { limit: 100, offset: 0 } }, signal })),
    [],
  );
  const done = (runs.data?.items ?? []).filter((r) => r.status === 'done');
  const latest = done[0]?.id ?? null;
  // Without a choice, the newest finished run.
  useEffect(() => {
    if (value === null && latest !== null) onChange(latest);
  }, [value, latest, onChange]);
  return (
    <label>
      <span>{label ?? t('col.run')}</span>
      <select
        value={value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
        data-testid={testId}
        required
      >
        {value === null && (
          <option value="">{runs.loading ? t('state.loading') : t('runSelect.none')}</option>
        )}
        {done.map((r) => (
          <option key={r.id} value={String(r.id)}>
            {t('runSelect.option', { id: r.id, from: r.periodFrom, to: r.periodTo, policy: r.policyVersion })}
          </option>
        ))}
      </select>
    </label>
  );
}
