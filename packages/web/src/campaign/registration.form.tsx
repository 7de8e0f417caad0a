// One enterprise's registration in a campaign: licences, annual capacity, the declared opening
// stock (kg REO, its date and element composition — it replaces the registry's in the mass balance
// of later runs), contact. Saving an already verified record puts it back to "registered" until it
// is verified again (docs/campaigns.md).
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { RegistrationInput, RegistrationItem } from '../api/types.ts';
import { Async, ErrorBox, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { compositionText, optionalText, parseComposition, quantity } from '../lib/form-values.ts';
import { useAction } from '../lib/use-action.ts';
import { useApi } from '../lib/use-api.ts';
import { LicenceRows } from './licence-rows.tsx';
import type { LicenceDraft } from './licence-rows.tsx';
import { RegStateBadge } from './registrations.tsx';

export function RegistrationForm({
  campaignId,
  taxId,
  editable,
  onClose,
  onSaved,
}: {
  campaignId: number;
  taxId: string;
  editable: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [tick, setTick] = useState(0);
  const item = useApi(
    (signal) =>
      data(
        api.GET('/api/campaigns/{id}/registrations/{taxId}', {
          params: { path: { id: campaignId, taxId } },
          signal,
        }),
      ),
    [campaignId, taxId, tick],
  );
  return (
    <div className="panel" data-testid="registration-form">
      <Async state={item}>
        {(it) => (
          // The form keeps what was typed across saves (it is what was saved); the state and
          // who registered or verified come from the reloaded record.
          <Editor
            campaignId={campaignId}
            item={it}
            editable={editable}
            onClose={onClose}
            onSaved={() => {
              setTick((x) => x + 1);
              onSaved();
            }}
          />
        )}
      </Async>
    </div>
  );
}

function Editor({
  campaignId,
  item,
  editable,
  onClose,
  onSaved,
}: {
  campaignId: number;
  item: RegistrationItem;
  editable: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const r = item.registration;
  const [name, setName] = useState(r?.name ?? item.name);
  const [licences, setLicences] = useState<LicenceDraft[]>(
    (r?.licences ?? []).map((l) => ({ kind: l.kind, number: l.number, validUntil: l.validUntil ?? '' })),
  );
  const [capacity, setCapacity] = useState(r?.capacityKg?.toString() ?? '');
  const [stock, setStock] = useState(r?.openingStockKg?.toString() ?? '');
  const [stockDate, setStockDate] = useState(r?.openingStockDate ?? '');
  const [composition, setComposition] = useState(compositionText(r?.openingStockComposition));
  const [contactName, setContactName] = useState(r?.contactName ?? '');
  const [contactPhone, setContactPhone] = useState(r?.contactPhone ?? '');
  const [contactEmail, setContactEmail] = useState(r?.contactEmail ?? '');
  const [address, setAddress] = useState(r?.address ?? '');
  const [notes, setNotes] = useState(r?.notes ?? '');
  const [local, setLocal] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const path = { id: campaignId, taxId: item.taxId };

  const save = useAction(async (body: RegistrationInput) => {
    const result = await data(
      api.PUT('/api/campaigns/{id}/registrations/{taxId}', { params: { path }, body }),
    );
    setSaved(result.action);
    onSaved();
  });
  const verify = useAction(async () => {
    await data(api.POST('/api/campaigns/{id}/registrations/{taxId}/verify', { params: { path } }));
    setSaved('verified');
    onSaved();
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLocal(null);
    setSaved(null);
    const capacityKg = quantity(capacity);
    const openingStockKg = quantity(stock);
    const openingStockComposition = parseComposition(composition);
    if (capacityKg === undefined || openingStockKg === undefined) return setLocal(t('form.badNumber'));
    if (openingStockComposition === undefined) return setLocal(t('registration.badComposition'));
    const body: RegistrationInput = {
      name: name.trim() || item.name,
      licences: licences
        .filter((l) => l.kind.trim() || l.number.trim())
        .map((l) => ({ kind: l.kind.trim(), number: l.number.trim(), validUntil: l.validUntil || null })),
      capacityKg,
      openingStockKg,
      openingStockDate: stockDate || null,
      openingStockComposition,
      contactName: optionalText(contactName),
      contactPhone: optionalText(contactPhone),
      contactEmail: optionalText(contactEmail),
      address: optionalText(address),
      notes: optionalText(notes),
    };
    void save.run(body);
  };

  return (
    <form onSubmit={submit}>
      <div className="panel-head">
        <h3>
          <V>{item.name}</V> <RegStateBadge status={item.status} />
        </h3>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
      {r && (
        <p className="sub">
          {t('registration.recordedBy')} <V>{r.registeredBy}</V> {fmtTime(lang, r.registeredAt)}
          {r.verifiedBy && (
            <>
              {' · '}
              {t('registration.verifiedBy')} <V>{r.verifiedBy}</V> {fmtTime(lang, r.verifiedAt)}
            </>
          )}
          {r.source !== 'manual' && (
            <>
              {' · '}
              <V>{r.source}</V>
            </>
          )}
        </p>
      )}
      <fieldset disabled={!editable} className="plain">
        <div className="form-grid">
          <label className="form-row span-2">
            <span>{t('registration.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
          </label>
          <label className="form-row">
            <span>{t('registration.capacityKg')}</span>
            <input
              inputMode="decimal"
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
              data-testid="registration-capacity"
            />
          </label>
          <label className="form-row">
            <span>{t('registration.openingStockKg')}</span>
            <input
              inputMode="decimal"
              value={stock}
              onChange={(e) => setStock(e.target.value)}
              data-testid="registration-stock"
            />
          </label>
          <label className="form-row">
            <span>{t('registration.openingStockDate')}</span>
            <input type="date" value={stockDate} onChange={(e) => setStockDate(e.target.value)} />
          </label>
          <label className="form-row">
            <span>{t('registration.composition')}</span>
            <input
              value={composition}
              onChange={(e) => setComposition(e.target.value)}
              placeholder={t('registration.compositionPlaceholder')}
            />
          </label>
          <label className="form-row">
            <span>{t('registration.contactName')}</span>
            <input
              value={contactName}
              onChange={(e) => setContactName(e.target.value)}
              maxLength={100}
              data-testid="registration-contact"
            />
          </label>
          <label className="form-row">
            <span>{t('registration.contactPhone')}</span>
            <input
              type="tel"
              value={contactPhone}
              onChange={(e) => setContactPhone(e.target.value)}
              maxLength={50}
            />
          </label>
          <label className="form-row">
            <span>{t('registration.contactEmail')}</span>
            <input
              type="email"
              value={contactEmail}
              onChange={(e) => setContactEmail(e.target.value)}
              maxLength={200}
            />
          </label>
          <label className="form-row">
            <span>{t('registration.address')}</span>
            <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} />
          </label>
          <label className="form-row span-2">
            <span>{t('registration.notes')}</span>
            <input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
          </label>
        </div>
        <LicenceRows value={licences} onChange={setLicences} />
      </fieldset>
      <p className="hint">{t('registration.stockHint')}</p>
      {local && (
        <div className="state state-error" role="alert">
          {local}
        </div>
      )}
      {save.error !== undefined && <ErrorBox error={save.error} />}
      {verify.error !== undefined && <ErrorBox error={verify.error} />}
      {saved && (
        <p className="outcome-status outcome-committed" role="status" data-testid="registration-saved">
          {t(
            `registration.saved.${saved === 'created' || saved === 'unchanged' || saved === 'verified' ? saved : 'updated'}`,
          )}
        </p>
      )}
      {editable && (
        <div className="row-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={save.busy}
            data-testid="registration-save"
          >
            {t(r ? 'registration.save' : 'registration.create')}
          </button>
          {item.status === 'registered' && (
            <button
              type="button"
              className="btn"
              disabled={verify.busy}
              onClick={() => void verify.run()}
              data-testid="registration-verify"
            >
              {t('registration.verify')}
            </button>
          )}
        </div>
      )}
    </form>
  );
}
