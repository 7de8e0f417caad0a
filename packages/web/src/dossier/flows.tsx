// Where its material comes from and goes to (inspection.md §4): suppliers → the enterprise →
// customers as a Sankey diagram, each edge's REO kg, and the part tracing back to illegal
// sources (a purchase carries its seller's illegal share; a sale the enterprise's own).
import { useMemo } from 'react';
import { api, data } from '../api/client.ts';
import type { FlowParty, Flows } from '../api/types.ts';
import type { ChartOption } from '../components/chart.tsx';
import { Chart, LIST_COLORS } from '../components/chart.tsx';
import { Async, Card, Empty, ListBadge, V } from '../components/ui.tsx';
import { fmtCny, fmtKg, fmtNum, fmtPct } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

export function FlowsSection({
  taxId,
  name,
  runId,
}: {
  taxId: string;
  name: string;
  runId: number | undefined;
}) {
  const { t } = useI18n();
  const flows = useApi(
    (signal) =>
      data(
        api.GET('/api/enterprises/{taxId}/flows', {
          params: { path: { taxId }, query: { ...(runId ? { runId } : {}), limit: 12 } },
          signal,
        }),
      ),
    [taxId, runId],
  );
  return (
    <Card title={t('dossier.flows')} testId="flows">
      <span id="flows" className="anchor-target" />
      <Async state={flows}>{(f) => <FlowsView f={f} name={name} />}</Async>
    </Card>
  );
}

/** Red for illegal share, from faint (0) to saturated (1); grey when unknown. */
function shareStyle(share: number | null): { color: string; opacity: number } {
  if (share === null) return { color: '#94a3b8', opacity: 0.35 };
  return { color: '#dc2626', opacity: 0.12 + 0.78 * Math.min(1, Math.max(0, share)) };
}

function short(text: string, n = 14): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function FlowsView({ f, name }: { f: Flows; name: string }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const option = useMemo<ChartOption | null>(() => {
    type Node = { name: string; label: string; color: string; taxId?: string };
    const nodes: Node[] = [];
    const links: {
      source: string;
      target: string;
      value: number;
      lineStyle: { color: string; opacity: number };
      share: number | null;
      illegalKg: number | null;
    }[] = [];
    const self = 'self';
    nodes.push({ name: self, label: short(name, 18), color: f.list ? LIST_COLORS[f.list] : '#64748b' });
    const partyNode = (side: 's' | 'c', p: FlowParty) => {
      const id = `${side}:${p.taxId}`;
      nodes.push({
        name: id,
        label: short(p.name),
        color: p.list ? LIST_COLORS[p.list] : '#94a3b8',
        ...(p.visible ? { taxId: p.taxId } : {}),
      });
      return id;
    };
    for (const p of f.suppliers.items) {
      if (p.reoKg <= 0) continue;
      const id = partyNode('s', p);
      links.push({
        source: id,
        target: self,
        value: p.reoKg,
        lineStyle: shareStyle(p.illegalShare),
        share: p.illegalShare,
        illegalKg: p.illegalKg,
      });
    }
    if (f.suppliers.others.reoKg > 0) {
      nodes.push({
        name: 's:others',
        label: t('flows.others', { n: f.suppliers.others.parties }),
        color: '#cbd5e1',
      });
      links.push({
        source: 's:others',
        target: self,
        value: f.suppliers.others.reoKg,
        lineStyle: shareStyle(null),
        share: null,
        illegalKg: f.suppliers.others.illegalKg,
      });
    }
    for (const p of f.customers.items) {
      if (p.reoKg <= 0) continue;
      const id = partyNode('c', p);
      links.push({
        source: self,
        target: id,
        value: p.reoKg,
        lineStyle: shareStyle(f.illegalShare),
        share: f.illegalShare,
        illegalKg: p.illegalKg,
      });
    }
    if (f.customers.others.reoKg > 0) {
      nodes.push({
        name: 'c:others',
        label: t('flows.others', { n: f.customers.others.parties }),
        color: '#cbd5e1',
      });
      links.push({
        source: self,
        target: 'c:others',
        value: f.customers.others.reoKg,
        lineStyle: shareStyle(f.illegalShare),
        share: f.illegalShare,
        illegalKg: f.customers.others.illegalKg,
      });
    }
    if (links.length === 0) return null;
    const labelOf = new Map(nodes.map((n) => [n.name, n.label]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (raw) => {
          const p = Array.isArray(raw) ? raw[0] : raw;
          if (!p) return '';
          if (p.dataType === 'edge') {
            const d = p.data as {
              source: string;
              target: string;
              value: number;
              share: number | null;
              illegalKg: number | null;
            };
            return `${labelOf.get(d.source) ?? ''} → ${labelOf.get(d.target) ?? ''}<br/>${fmtKg(lang, d.value)} ${t('unit.kgReo')}<br/>${t('flows.illegalShare')}: ${fmtPct(lang, d.share)}<br/>${t('flows.illegalKg')}: ${fmtKg(lang, d.illegalKg)}`;
          }
          return labelOf.get(p.name) ?? '';
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 150,
          top: 8,
          bottom: 8,
          nodeWidth: 14,
          nodeGap: 6,
          draggable: false,
          emphasis: { focus: 'adjacency' },
          label: { formatter: (p) => labelOf.get(p.name) ?? '', fontSize: 11 },
          data: nodes.map((n) => ({ name: n.name, itemStyle: { color: n.color }, taxId: n.taxId })),
          links,
        },
      ],
    };
  }, [f, name, t, lang]);

  if (!option) return <Empty>{t('flows.none')}</Empty>;
  return (
    <>
      <p className="hint">{t('flows.hint')}</p>
      <div className="stat-row">
        <div className="stat">
          <span className="stat-label">{t('flows.ownShare')}</span>
          <span className="stat-value">{fmtPct(lang, f.illegalShare)}</span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('flows.inflowIllegal')}</span>
          <span className="stat-value">
            {fmtKg(lang, f.suppliers.illegalKg)} / {fmtKg(lang, f.suppliers.totalReoKg)}
          </span>
          <span className="hint">{t('unit.kgReo')}</span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('flows.outflowIllegal')}</span>
          <span className="stat-value">
            {fmtKg(lang, f.customers.illegalKg)} / {fmtKg(lang, f.customers.totalReoKg)}
          </span>
          <span className="hint">{t('unit.kgReo')}</span>
        </div>
      </div>
      <Chart
        option={option}
        height={Math.max(260, 22 * Math.max(f.suppliers.items.length, f.customers.items.length) + 40)}
        label={t('dossier.flows')}
        testId="flows-chart"
        onClick={(e) => {
          const taxId = (e.data as { taxId?: unknown } | undefined)?.taxId;
          if (typeof taxId === 'string') navigate(`/enterprises/${taxId}`);
        }}
      />
      <div className="grid-2">
        <PartyTable title={t('flows.suppliers')} side={f.suppliers} />
        <PartyTable title={t('flows.customers')} side={f.customers} />
      </div>
    </>
  );
}

function PartyTable({ title, side }: { title: string; side: Flows['suppliers'] }) {
  const { t, lang } = useI18n();
  return (
    <div>
      <h3>
        {title} <span className="sub">{t('flows.partyCount', { n: fmtNum(lang, side.parties) })}</span>
      </h3>
      {side.items.length === 0 ? (
        <Empty>{t('flows.noParties')}</Empty>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('col.enterprise')}</th>
              <th className="num">{t('col.reoKg')}</th>
              <th className="num">{t('col.amount')}</th>
              <th className="num">{t('flows.illegalShare')}</th>
              <th className="num">{t('flows.illegalKg')}</th>
            </tr>
          </thead>
          <tbody>
            {side.items.map((p) => (
              <tr key={p.taxId}>
                <td>
                  {p.visible ? (
                    <Link to={`/enterprises/${p.taxId}`}>
                      <V>{p.name}</V>
                    </Link>
                  ) : (
                    <V>{p.name}</V>
                  )}{' '}
                  {p.visible ? (
                    <ListBadge list={p.list} />
                  ) : (
                    <span className="tag">{t('flows.outsideRegions')}</span>
                  )}
                  {!p.registered && <span className="tag">{t('common.offRegister')}</span>}
                </td>
                <td className="num">{fmtKg(lang, p.reoKg)}</td>
                <td className="num">{fmtCny(lang, p.amount)}</td>
                <td className="num">{fmtPct(lang, p.illegalShare)}</td>
                <td className="num">{fmtKg(lang, p.illegalKg)}</td>
              </tr>
            ))}
            {side.others.parties > 0 && (
              <tr className="sub">
                <td>{t('flows.others', { n: side.others.parties })}</td>
                <td className="num">{fmtKg(lang, side.others.reoKg)}</td>
                <td className="num">{fmtCny(lang, side.others.amount)}</td>
                <td className="num">—</td>
                <td className="num">{fmtKg(lang, side.others.illegalKg)}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
