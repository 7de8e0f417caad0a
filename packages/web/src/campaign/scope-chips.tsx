// Picking a campaign's scope: provinces and enterprise roles as toggles (none picked = all).
import { useI18n } from '../i18n/i18n.tsx';
import type { EnterpriseRole } from '../lib/labels.tsx';
import { ENTERPRISE_ROLES, PROVINCES, roleText } from '../lib/labels.tsx';

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

export function RegionChips({
  value,
  onChange,
}: {
  value: readonly string[];
  onChange: (codes: string[]) => void;
}) {
  const i18n = useI18n();
  return (
    <div className="chips" role="group" aria-label={i18n.t('campaigns.regions')} data-testid="scope-regions">
      {PROVINCES.map((p) => (
        <button
          key={p.code}
          type="button"
          className={value.includes(p.code) ? 'chip active' : 'chip'}
          aria-pressed={value.includes(p.code)}
          onClick={() => onChange(toggle(value, p.code))}
        >
          {i18n.pick(p.nameZh, p.nameEn)}
        </button>
      ))}
    </div>
  );
}

export function RoleChips({
  value,
  onChange,
}: {
  value: readonly EnterpriseRole[];
  onChange: (roles: EnterpriseRole[]) => void;
}) {
  const i18n = useI18n();
  return (
    <div className="chips" role="group" aria-label={i18n.t('campaigns.roles')} data-testid="scope-roles">
      {ENTERPRISE_ROLES.map((r) => (
        <button
          key={r}
          type="button"
          className={value.includes(r) ? 'chip active' : 'chip'}
          aria-pressed={value.includes(r)}
          onClick={() => onChange(toggle(value, r))}
        >
          {roleText(i18n, r)}
        </button>
      ))}
    </div>
  );
}
