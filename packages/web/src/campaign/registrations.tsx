// The enterprises a campaign covers, with their registration state (not registered, registered,
// verified): filtered by state, province and name or taxpayer ID, paged. "Register" opens the
// record of one enterprise.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { RegistrationItem } from '../api/types.ts';
import { ChoiceFilter, RegionFilter } from '../components/filters.tsx';
import { EnterpriseCell, PagedTable, Stamp } from '../components/paged-table.tsx';
import { Card } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { rolesText } from '../lib/labels.tsx';
import { useApi } from '../lib/use-api.ts';
import type { RegistrationState } from '../lib/vocabulary.ts';
import { REGISTRATION_STATES } from '../lib/vocabulary.ts';
import { RegistrationForm } from './registration.form.tsx';

const LIMIT = 25;

export function RegStateBadge({ status }: { status: RegistrationState }) {
  const { t } = useI18n();
  return <span className={`tag reg-${status}`}>{t(`regStatus.${status}`)}</span>;
}

export function RegistrationsCard({
  campaignId,
  editable,
  tick,
  onChanged,
}: {
  campaignId: number;
  editable: boolean;
  tick: number;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [status, setStatus] = useState<RegistrationState | ''>('');
  const [region, setRegion] = useState('');
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const page = useApi(
    (signal) =>
      data(
        api.GET('/api/campaigns/{id}/registrations', {
          params: {
            path: { id: campaignId },
            query: {
              ...(status ? { status } : {}),
              ...(region ? { region } : {}),
              ...(q ? { q } : {}),
              limit: LIMIT,
              offset,
            },
          },
          signal,
        }),
      ),
    [campaignId, status, region, q, offset, tick],
  );
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQ(qInput.trim());
    setOffset(0);
  };
  return (
    <Card title={t('campaign.registrations')} testId="registrations">
      <form className="filters" onSubmit={search}>
        <ChoiceFilter
          label={t('col.status')}
          value={status}
          choices={REGISTRATION_STATES}
          text={(s) => t(`regStatus.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setOffset(0);
          }}
          testId="registration-status-filter"
        />
        <RegionFilter
          value={region}
          onChange={(code) => {
            setRegion(code);
            setOffset(0);
          }}
        />
        <label className="grow">
          <span>{t('campaign.searchEnterprise')}</span>
          <input value={qInput} onChange={(e) => setQInput(e.target.value)} maxLength={100} />
        </label>
        <button type="submit" className="btn">
          {t('action.search')}
        </button>
      </form>
      {selected && (
        <RegistrationForm
          key={selected}
          campaignId={campaignId}
          taxId={selected}
          editable={editable}
          onClose={() => setSelected(null)}
          onSaved={onChanged}
        />
      )}
      <PagedTable
        state={page}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        empty={t('campaign.noRegistrations')}
        testId="registration-table"
        head={
          <>
            <th>{t('col.enterprise')}</th>
            <th>{t('col.region')}</th>
            <th>{t('col.roles')}</th>
            <th>{t('col.status')}</th>
            <th>{t('campaign.registeredBy')}</th>
            <th />
          </>
        }
        row={(item) => (
          <RegistrationRow
            key={item.taxId}
            item={item}
            active={item.taxId === selected}
            onOpen={() => setSelected(item.taxId)}
            editable={editable}
          />
        )}
      />
    </Card>
  );
}

function RegistrationRow({
  item,
  active,
  editable,
  onOpen,
}: {
  item: RegistrationItem;
  active: boolean;
  editable: boolean;
  onOpen: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = item.registration;
  return (
    <tr className={active ? 'selected' : undefined} data-testid="registration-row" data-tax-id={item.taxId}>
      <td>
        <EnterpriseCell
          taxId={item.taxId}
          name={item.name}
          extra={!item.inRegistry && <span className="tag tag-warn">{t('common.offRegister')}</span>}
        />
      </td>
      <td>
        {item.region
          ? i18n.pick(item.regionNameZh, item.regionNameEn) || item.region
          : t('common.unknownRegion')}
      </td>
      <td>{rolesText(i18n, item.roles)}</td>
      <td data-testid="registration-state">
        <RegStateBadge status={item.status} />
      </td>
      <td>{r ? <Stamp by={r.verifiedBy ?? r.registeredBy} at={r.verifiedAt ?? r.updatedAt} /> : '—'}</td>
      <td className="nowrap">
        <button type="button" className="btn btn-small" onClick={onOpen} data-testid="registration-open">
          {editable
            ? t(r ? 'campaign.editRegistration' : 'campaign.register')
            : t('campaign.viewRegistration')}
        </button>
      </td>
    </tr>
  );
}
