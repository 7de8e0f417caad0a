// Signals against their thresholds: every rule of the run's policy, what it measures here, the
// threshold, and whether it fired; then the key signals themselves with what each one means.
import type { Dossier } from '../api/types.ts';
import { Card, Empty, ErrorBox, ListBadge, Loading } from '../components/ui.tsx';
import { fmtGap, fmtKg, fmtNum, fmtPct } from '../i18n/format.ts';
import type { I18n } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RuleName, elementText } from '../lib/labels.tsx';
import type { RunPolicy } from '../lib/policy.ts';
import type { Loaded } from '../lib/use-api.ts';
import type { RuleCheck, ValueKind } from './rule-checks.ts';
import { ruleChecks } from './rule-checks.ts';

type Latest = NonNullable<Dossier['latest']>;

export function formatValue(i18n: I18n, kind: ValueKind, v: number | null | undefined): string {
  const { lang, t } = i18n;
  if (v === null || v === undefined) return t('common.notApplicable');
  switch (kind) {
    case 'kg':
      return `${fmtKg(lang, v)} ${t('unit.kg')}`;
    case 'gap':
      return fmtGap(lang, v);
    case 'share':
      return fmtPct(lang, v);
    case 'days':
      return t('unit.days', { n: fmtNum(lang, v) });
    case 'bool':
      return v ? t('common.yes') : t('common.no');
    default:
      return fmtNum(lang, v, 2);
  }
}

export function SignalsSection({
  latest,
  policyState,
}: {
  latest: Latest;
  policyState: Loaded<RunPolicy | null>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Card title={t('dossier.signals')} testId="signals">
      <span id="signals" className="anchor-target" />
      <p className="hint">{t('dossier.signalsHint')}</p>
      {policyState.error !== undefined ? (
        <ErrorBox error={policyState.error} onRetry={policyState.reload} />
      ) : policyState.data === undefined ? (
        <Loading inline />
      ) : policyState.data?.policy ? (
        <CheckTable checks={ruleChecks(policyState.data.policy, latest.signals, latest.reasons)} />
      ) : (
        <Empty>{t('dossier.policyMissing')}</Empty>
      )}
      <KeySignals signals={latest.signals} />
    </Card>
  );
}

function CheckTable({ checks }: { checks: RuleCheck[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const sorted = [...checks].sort((a, b) => Number(b.fired) - Number(a.fired));
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="rule-checks">
        <thead>
          <tr>
            <th>{t('col.rule')}</th>
            <th>{t('col.list')}</th>
            <th className="num">{t('col.measured')}</th>
            <th className="center">{t('col.condition')}</th>
            <th className="num">{t('col.threshold')}</th>
            <th>{t('col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c, k) => (
            <tr
              key={`${c.rule}-${c.element ?? ''}-${k}`}
              className={c.fired ? `fired fired-${c.list}` : undefined}
            >
              <td>
                <div className="strong">
                  <RuleName i18n={i18n} rule={c.rule} />
                  {c.element && ` · ${elementText(i18n, c.element)}`}
                </div>
                <div className="sub">{i18n.tMaybe(`ruleHelp.${c.rule}`) ?? ''}</div>
              </td>
              <td>
                <ListBadge
                  list={c.list === 'black' || c.list === 'grey' || c.list === 'unrated' ? c.list : null}
                />
              </td>
              <td className="num">
                {formatValue(i18n, c.kind, c.value)}
                {c.also && (
                  <div className="sub">
                    {t('dossier.belowMarketShare')} {formatValue(i18n, c.also.kind, c.also.value)}
                  </div>
                )}
              </td>
              <td className="center">
                {c.op}
                {c.also && <div className="sub">{c.also.op}</div>}
              </td>
              <td className="num">
                {formatValue(i18n, c.kind, c.threshold)}
                {c.also && <div className="sub">{formatValue(i18n, c.also.kind, c.also.threshold)}</div>}
              </td>
              <td>
                {!c.enabled ? (
                  <span className="status status-off">{t('dossier.ruleOff')}</span>
                ) : c.fired ? (
                  <span className="status status-fired">{t('dossier.fired')}</span>
                ) : (
                  <span className="status status-ok">{t('dossier.notFired')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The signals of inspection.md, each with what it means. */
const KEY_SIGNALS: readonly [name: string, kind: ValueKind][] = [
  ['reoInKg', 'kg'],
  ['reoOutKg', 'kg'],
  ['capacityKg', 'kg'],
  ['unexplainedKg', 'kg'],
  ['separationSoldKg', 'kg'],
  ['separationQuotaKg', 'kg'],
  ['quotaOverrunKg', 'kg'],
  ['purchaseValueGap', 'gap'],
  ['saleValueGap', 'gap'],
  ['belowMarketShare', 'share'],
  ['pricedShare', 'share'],
  ['peerPricedShare', 'share'],
  ['illegalShare', 'share'],
  ['illegalOutKg', 'kg'],
  ['cycleCount', 'count'],
  ['cycleMaxReoKg', 'kg'],
  ['grossMargin', 'gap'],
  ['passThroughMedianDays', 'days'],
  ['offRegisterShare', 'share'],
  ['invoiceRuleBreachShare', 'share'],
  ['lines', 'count'],
];

function KeySignals({ signals }: { signals: Latest['signals'] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const s = signals as Record<string, unknown>;
  return (
    <details className="signals-all">
      <summary>{t('dossier.allSignals')}</summary>
      <dl className="signal-grid">
        {KEY_SIGNALS.filter(([name]) => name in s).map(([name, kind]) => {
          const v = s[name];
          return (
            <div key={name} className="signal">
              <dt>{i18n.tMaybe(`signal.${name}`) ?? name}</dt>
              <dd>
                <span className="signal-value">
                  {formatValue(i18n, kind, typeof v === 'number' ? v : null)}
                </span>
                <span className="hint">{i18n.tMaybe(`signalHelp.${name}`) ?? ''}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </details>
  );
}
