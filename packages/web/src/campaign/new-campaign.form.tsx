// Creating a campaign (administrators, analysts): a name, a period and a scope — provinces and
// enterprise roles, none meaning all. Measures start as the defaults (inspection.md §7).
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Campaign } from '../api/types.ts';
import { Card, ErrorBox } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { EnterpriseRole } from '../lib/labels.tsx';
import { useAction } from '../lib/use-action.ts';
import { RegionChips, RoleChips } from './scope-chips.tsx';

export function NewCampaignForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: Campaign) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [periodFrom, setFrom] = useState('');
  const [periodTo, setTo] = useState('');
  const [regions, setRegions] = useState<string[]>([]);
  const [roles, setRoles] = useState<EnterpriseRole[]>([]);
  const [description, setDescription] = useState('');
  const create = useAction(async () => {
    const c = await data(
      api.POST('/api/campaigns', {
        body: { name: name.trim(), periodFrom, periodTo, regions, roles, description: description.trim() },
      }),
    );
    onCreated(c);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  return (
    <Card title={t('campaigns.new')} testId="new-campaign">
      <form onSubmit={submit}>
        <div className="filters">
          <label className="grow">
            <span>{t('campaigns.name')}</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
              placeholder={t('campaigns.namePlaceholder')}
              data-testid="campaign-name"
            />
          </label>
          <label>
            <span>{t('campaigns.from')}</span>
            <input
              type="date"
              value={periodFrom}
              onChange={(e) => setFrom(e.target.value)}
              required
              data-testid="campaign-from"
            />
          </label>
          <label>
            <span>{t('campaigns.to')}</span>
            <input
              type="date"
              value={periodTo}
              onChange={(e) => setTo(e.target.value)}
              required
              min={periodFrom || undefined}
              data-testid="campaign-to"
            />
          </label>
        </div>
        <div className="form-block">
          <span className="form-label">{t('campaigns.regions')}</span>
          <span className="hint">{t('campaigns.regionsHint')}</span>
          <RegionChips value={regions} onChange={setRegions} />
        </div>
        <div className="form-block">
          <span className="form-label">{t('campaigns.roles')}</span>
          <span className="hint">{t('campaigns.rolesHint')}</span>
          <RoleChips value={roles} onChange={setRoles} />
        </div>
        <label className="form-row">
          <span>{t('campaigns.description')}</span>
          <textarea
            rows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={5000}
          />
        </label>
        <p className="hint">{t('campaigns.measuresHint')}</p>
        {create.error !== undefined && <ErrorBox error={create.error} />}
        <div className="row-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('action.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.busy}
            data-testid="campaign-submit"
          >
            {t('campaigns.create')}
          </button>
        </div>
      </form>
    </Card>
  );
}
