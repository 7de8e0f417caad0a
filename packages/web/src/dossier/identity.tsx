// Registry identity: region, roles, group, licence, dates, declared stock, extra columns, quotas.
import type { Dossier } from '../api/types.ts';
import { Card, Field, V } from '../components/ui.tsx';
import { fmtKg } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { GroupName, rolesText } from '../lib/labels.tsx';

export function IdentitySection({ d }: { d: Dossier }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const r = d.registry;
  return (
    <Card title={t('dossier.identity')} className="anchor" testId="identity">
      <span id="identity" className="anchor-target" />
      <dl className="fields">
        <Field label={t('col.taxId')}>
          <V>{d.taxId}</V>
          {r?.taxIdCheckFailed && <span className="tag tag-warn">{t('dossier.taxIdCheckFailed')}</span>}
        </Field>
        <Field label={t('col.region')}>
          {d.region
            ? i18n.pick(d.regionNameZh, d.regionNameEn) || <V>{d.region}</V>
            : t('common.unknownRegion')}
        </Field>
        <Field label={t('col.roles')}>{d.roles.length > 0 ? rolesText(i18n, d.roles) : '—'}</Field>
        <Field label={t('col.group')}>
          <GroupName i18n={i18n} group={d.group} />
        </Field>
        <Field label={t('dossier.registered')} hint={d.registered ? undefined : t('dossier.offRegisterHint')}>
          {d.registered ? t('common.yes') : t('common.offRegister')}
        </Field>
        {r && (
          <>
            <Field label={t('dossier.miningLicence')}>
              {r.miningLicence ? <V>{r.miningLicence}</V> : '—'}
            </Field>
            <Field label={t('dossier.founded')}>{r.founded ?? '—'}</Field>
            <Field label={t('dossier.deregistered')}>{r.deregistered ?? '—'}</Field>
            <Field label={t('dossier.openingStock')} hint={t('dossier.openingStockHint')}>
              {r.openingStockKg === null
                ? t('dossier.notDeclared')
                : `${fmtKg(lang, r.openingStockKg)} ${t('unit.kgReo')}`}
            </Field>
            {Object.entries(r.extra).map(([k, v]) => (
              <Field key={k} label={k}>
                <V>{v}</V>
              </Field>
            ))}
          </>
        )}
      </dl>
      {d.quotas.length > 0 && (
        <>
          <h3>{t('dossier.quotas')}</h3>
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('col.year')}</th>
                <th>{t('col.quotaKind')}</th>
                <th>{t('col.quotaBatch')}</th>
                <th className="num">{t('col.quotaKg')}</th>
              </tr>
            </thead>
            <tbody>
              {d.quotas.map((q, k) => (
                <tr key={k}>
                  <td>{q.year}</td>
                  <td>{i18n.tMaybe(`quotaKind.${q.kind}`) ?? <V>{q.kind}</V>}</td>
                  <td>{q.batch ? <V>{q.batch}</V> : '—'}</td>
                  <td className="num">{fmtKg(lang, q.kg)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
