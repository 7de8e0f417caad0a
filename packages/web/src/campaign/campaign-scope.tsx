// A campaign's scope in words: its regions (or all of China) and its enterprise roles (or all).
import type { Campaign } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { rolesText } from '../lib/labels.tsx';

export function CampaignScope({ campaign }: { campaign: Pick<Campaign, 'regions' | 'roles'> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const regions =
    campaign.regions.length === 0
      ? t('header.national')
      : campaign.regions.map((r) => i18n.pick(r.nameZh, r.nameEn)).join(t('common.listSeparator'));
  const roles = campaign.roles.length === 0 ? t('campaigns.allRoles') : rolesText(i18n, campaign.roles);
  return (
    <span>
      {regions}
      <span className="sub"> · {roles}</span>
    </span>
  );
}
