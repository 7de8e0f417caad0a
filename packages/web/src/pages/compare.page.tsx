// Two runs compared: what differs in period, policy and data, how the list counts moved, and each
// enterprise whose list or reasons changed — with the reasons that appeared or disappeared and
// the signals behind them (inspection.md §6: results stay comparable, "what moved and why").
import { api, data } from '../api/client.ts';
import type { DiffEnterprise, RunDiff } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ListBadge, Pager, V } from '../components/ui.tsx';
import { fmtDelta, fmtNum } from '../i18n/format.ts';
import type { I18n } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, hrefOf, navigate, useLocation } from '../lib/router.tsx';
import { RuleName, elementText, signalText } from '../lib/labels.tsx';
import { useApi } from '../lib/use-api.ts';

const LIMIT = 50;

function positive(text: string | null): number | null {
  const v = Number(text ?? '');
  return Number.isInteger(v) && v > 0 ? v : null;
}

export function ComparePage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const a = positive(query.get('a'));
  const b = positive(query.get('b'));
  const movedOnly = query.get('all') !== '1';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const go = (next: Record<string, string | number | undefined>) =>
    navigate(
      hrefOf('/runs/compare', {
        a: a ?? undefined,
        b: b ?? undefined,
        all: movedOnly ? undefined : '1',
        ...next,
      }),
    );
  const diff = useApi(
    (signal) =>
      a && b
        ? data(
            api.GET('/api/runs/diff', {
              params: { query: { a, b, ...(movedOnly ? { movedOnly: true } : {}), limit: LIMIT, offset } },
              signal,
            }),
          )
        : Promise.resolve(null),
    [a, b, movedOnly, offset],
  );
  return (
    <>
      <PageHead
        title={t('compare.title', { a: a ?? '—', b: b ?? '—' })}
        actions={
          <Link className="btn" to="/runs">
            {t('compare.pickOther')}
          </Link>
        }
      />
      {!a || !b ? (
        <Empty>{t('compare.pick')}</Empty>
      ) : (
        <Async state={diff}>
          {(d) =>
            d ? (
              <DiffView
                d={d}
                movedOnly={movedOnly}
                offset={offset}
                onMovedOnly={(m) => go({ all: m ? undefined : '1', offset: 0 })}
                onOffset={(o) => go({ offset: o })}
              />
            ) : null
          }
        </Async>
      )}
    </>
  );
}

function DiffView({
  d,
  movedOnly,
  offset,
  onMovedOnly,
  onOffset,
}: {
  d: RunDiff;
  movedOnly: boolean;
  offset: number;
  onMovedOnly: (m: boolean) => void;
  onOffset: (o: number) => void;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  return (
    <div data-testid="compare">
      <div className="grid-2">
        <Card title={t('compare.what')}>
          <table className="table table-compact">
            <thead>
              <tr>
                <th />
                <th>{t('compare.runA', { id: d.a.id })}</th>
                <th>{t('compare.runB', { id: d.b.id })}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              <tr>
                <th>{t('col.period')}</th>
                <td>
                  {d.period.a.from} – {d.period.a.to}
                </td>
                <td>
                  {d.period.b.from} – {d.period.b.to}
                </td>
                <td>{d.period.same ? t('compare.same') : <strong>{t('compare.changed')}</strong>}</td>
              </tr>
              <tr>
                <th>{t('runs.policy')}</th>
                <td>
                  <V>
                    {d.a.policyId} {d.a.policyVersion}
                  </V>
                </td>
                <td>
                  <V>
                    {d.b.policyId} {d.b.policyVersion}
                  </V>
                </td>
                <td>{d.policy.same ? t('compare.same') : <strong>{t('compare.changed')}</strong>}</td>
              </tr>
              <tr>
                <th>{t('compare.data')}</th>
                <td>
                  <V className="mono small">{d.data.a.slice(0, 19)}</V>
                </td>
                <td>
                  <V className="mono small">{d.data.b.slice(0, 19)}</V>
                </td>
                <td>{d.data.same ? t('compare.same') : <strong>{t('compare.changed')}</strong>}</td>
              </tr>
            </tbody>
          </table>
          {d.policy.parameterChanges.length > 0 && (
            <>
              <h3>{t('compare.parameterChanges')}</h3>
              <table className="table table-compact" data-testid="parameter-changes">
                <tbody>
                  {d.policy.parameterChanges.map((c) => (
                    <tr key={c.parameter}>
                      <th>
                        <V className="mono">{c.parameter}</V>
                      </th>
                      <td>
                        <V className="mono">{JSON.stringify(c.a)}</V>
                      </td>
                      <td>→</td>
                      <td>
                        <V className="mono">{JSON.stringify(c.b)}</V>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {d.policy.ruleChanges.length > 0 && (
            <p>
              {t('compare.ruleChanges')}{' '}
              {d.policy.ruleChanges.map((r, k) => (
                <span key={r.rule} className="rule-chip">
                  {k > 0 && ' '}
                  <RuleName i18n={i18n} rule={r.rule} />
                </span>
              ))}
            </p>
          )}
          <p className="hint">
            {t('compare.cycles', {
              appeared: fmtNum(lang, d.cycles.appeared),
              disappeared: fmtNum(lang, d.cycles.disappeared),
            })}
          </p>
        </Card>
        <Card title={t('compare.counts')}>
          <table className="table table-compact" data-testid="compare-counts">
            <thead>
              <tr>
                <th>{t('col.list')}</th>
                <th className="num">{t('compare.runA', { id: d.a.id })}</th>
                <th className="num">{t('compare.runB', { id: d.b.id })}</th>
                <th className="num">{t('compare.delta')}</th>
              </tr>
            </thead>
            <tbody>
              {LIST_NAMES.map((l) => (
                <tr key={l}>
                  <td>
                    <ListBadge list={l} />
                  </td>
                  <td className="num">{fmtNum(lang, d.counts.a[l])}</td>
                  <td className="num">{fmtNum(lang, d.counts.b[l])}</td>
                  <td className="num strong">{fmtDelta(lang, d.counts.b[l] - d.counts.a[l])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
      <Card
        title={t('compare.enterprises')}
        actions={
          <label className="check">
            <input
              type="checkbox"
              checked={movedOnly}
              onChange={(e) => onMovedOnly(e.target.checked)}
              data-testid="moved-only"
            />
            <span>{t('compare.movedOnly')}</span>
          </label>
        }
        testId="compare-enterprises"
      >
        {d.enterprises.items.length === 0 ? (
          <Empty>{movedOnly ? t('compare.noneMoved') : t('compare.noneChanged')}</Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{t('col.enterprise')}</th>
                    <th>{t('compare.move')}</th>
                    <th className="num">{t('col.score')}</th>
                    <th>{t('compare.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.enterprises.items.map((e) => (
                    <DiffRow key={e.taxId} e={e} i18n={i18n} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={d.enterprises.total} limit={LIMIT} offset={offset} onChange={onOffset} />
          </>
        )}
      </Card>
    </div>
  );
}

function signalValue(i18n: I18n, v: number | boolean | null): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? i18n.t('common.yes') : i18n.t('common.no');
  return fmtNum(i18n.lang, v, Math.abs(v) < 10 ? 3 : 0);
}

function DiffRow({ e, i18n }: { e: DiffEnterprise; i18n: I18n }) {
  const { t, lang } = i18n;
  return (
    <tr data-testid="moved-row" className={e.moved ? 'moved' : undefined}>
      <td>
        <Link to={`/enterprises/${e.taxId}`}>
          <V>{e.name}</V>
        </Link>
        <div className="sub">
          <V>{e.taxId}</V>
        </div>
      </td>
      <td className="nowrap">
        <ListBadge list={e.from} /> → <ListBadge list={e.to} />
      </td>
      <td className="num nowrap">
        {fmtNum(lang, e.scoreFrom, 1)} → {fmtNum(lang, e.scoreTo, 1)}
      </td>
      <td>
        {e.reasonsAppeared.map((r, k) => (
          <div key={`a${k}`} className="why why-appeared">
            <span className="why-mark">{t('compare.appeared')}</span>{' '}
            <strong>
              <RuleName i18n={i18n} rule={r.rule} />
              {r.element && ` · ${elementText(i18n, r.element)}`}
            </strong>
            {': '}
            {i18n.pick(r.text, r.textEn)}
          </div>
        ))}
        {e.reasonsDisappeared.map((r, k) => (
          <div key={`d${k}`} className="why why-disappeared">
            <span className="why-mark">{t('compare.disappeared')}</span>{' '}
            <strong>
              <RuleName i18n={i18n} rule={r.rule} />
              {r.element && ` · ${elementText(i18n, r.element)}`}
            </strong>
            {r.signals.length > 0 && (
              <span className="sub">
                {' '}
                (
                {r.signals
                  .map(
                    (s) =>
                      `${signalText(i18n, s.signal)} ${signalValue(i18n, s.a)} → ${signalValue(i18n, s.b)}`,
                  )
                  .join('; ')}
                )
              </span>
            )}
          </div>
        ))}
        {e.reasonsAppeared.length === 0 &&
          e.reasonsDisappeared.length === 0 &&
          e.signalChanges.length > 0 && (
            <div className="sub">
              {e.signalChanges
                .slice(0, 4)
                .map(
                  (s) =>
                    `${signalText(i18n, s.signal)} ${signalValue(i18n, s.a)} → ${signalValue(i18n, s.b)}`,
                )
                .join('; ')}
            </div>
          )}
      </td>
    </tr>
  );
}
