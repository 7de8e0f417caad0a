// An override's status as a tag (pending, approved, applied, rejected, withdrawn, superseded).
import type { OverrideStatus } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function OverrideStatusBadge({ status }: { status: OverrideStatus }) {
  const { t } = useI18n();
  return (
    <span className={`tag override-${status}`} data-testid="override-status" data-status={status}>
      {t(`override.status.${status}`)}
    </span>
  );
}
