// One invoice line as evidence: where it came from (file, row), the parties, the product, what
// was invoiced, the reference price used and the price ratio worked out, every warning in words,
// and the other lines of its invoice.
import { api, data } from '../api/client.ts';
import type { Line } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { LineTable, ratioClass } from '../components/line-table.tsx';
import { Async, Card, Field, V } from '../components/ui.tsx';
import { fmtCny, fmtFen, fmtGap, fmtKg, fmtNum, fmtPct, fmtRatio } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { flagExplain, flagText } from '../lib/labels.tsx';
import { Link, hrefOf } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

export function LinePage({ id }: { id: number }) {
  const line = useApi(
    (signal) => data(api.GET('/api/lines/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  return <Async state={line}>{(l) => <LineView l={l} />}</Async>;
}

function LineView({ l }: { l: Line }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const invoice = useApi(
    (signal) =>
      data(api.GET('/api/invoices/{invoiceKey}', { params: { path: { invoiceKey: l.invoiceKey } }, signal })),
    [l.invoiceKey],
  );
  const perKg = l.kg !== 0 ? l.amountFen / 100 / l.kg : null;
  return (
    <div data-testid="line-detail">
      <PageHead
        title={
          <>
            {t('line.title')}{' '}
            <V>
              {l.invoiceKey}/{l.lineNo}
            </V>
          </>
        }
        sub={
          <>
            {l.issueDate} · {t('line.source', { row: l.rowNo })} <V>{l.source}</V>
          </>
        }
        actions={
          <Link className="btn" to={hrefOf('/invoices', { party: l.sellerTaxId })}>
            {t('line.sellerLines')}
          </Link>
        }
      />
      <div className="grid-2">
        <Card title={t('line.parties')}>
          <dl className="fields">
            <Field label={t('col.seller')}>
              <Link to={`/enterprises/${l.sellerTaxId}`}>
                <V>{l.sellerName}</V>
              </Link>
              <div className="sub">
                <V>{l.sellerTaxId}</V>
              </div>
            </Field>
            <Field label={t('col.buyer')}>
              <Link to={`/enterprises/${l.buyerTaxId}`}>
                <V>{l.buyerName}</V>
              </Link>
              <div className="sub">
                <V>{l.buyerTaxId}</V>
              </div>
            </Field>
            <Field label={t('line.invoiceNumber')}>
              <V>
                {[l.invoiceCode, l.invoiceNumber, l.eInvoiceNumber].filter(Boolean).join(' ') || l.invoiceKey}
              </V>
            </Field>
            <Field label={t('line.invoiceKind')}>{l.invoiceKind ? <V>{l.invoiceKind}</V> : '—'}</Field>
            <Field label={t('col.status')}>
              {i18n.tMaybe(`status.${l.status}`) ?? <V>{l.status}</V>}
              {l.originalInvoiceKey && (
                <div className="sub">
                  {t('line.original')} <V>{l.originalInvoiceKey}</V>
                </div>
              )}
            </Field>
            {l.remark && (
              <Field label={t('line.remark')}>
                <V>{l.remark}</V>
              </Field>
            )}
          </dl>
        </Card>
        <Card title={t('line.goods')}>
          <dl className="fields">
            <Field label={t('line.itemName')}>
              <V>{l.itemName}</V>
              {l.specification && (
                <div className="sub">
                  <V>{l.specification}</V>
                </div>
              )}
            </Field>
            <Field label={t('col.product')} hint={l.productId ? undefined : t('line.unmatchedHint')}>
              {l.productId ? i18n.pick(l.productNameZh, l.productNameEn) : t('invoices.unmatched')}
            </Field>
            <Field label={t('line.quantity')}>
              <V>
                {l.quantity} {l.unit}
              </V>{' '}
              <span className="sub">
                = {fmtKg(lang, l.kg)} {t('unit.kg')}
              </span>
            </Field>
            <Field label={t('line.unitPrice')}>
              <V>{l.unitPrice}</V> {t('line.perUnit', { unit: l.unit })}
            </Field>
            <Field label={t('col.amount')}>
              {fmtFen(lang, l.amountFen)} {t('unit.cnyExVat')}
            </Field>
            <Field label={t('line.tax')}>
              {fmtFen(lang, l.taxFen)} ({l.taxRate === null ? '—' : fmtPct(lang, l.taxRate, 0)})
            </Field>
            <Field label={t('col.reoKg')} hint={t('line.reoHint')}>
              {fmtKg(lang, l.reoKg)} {t('unit.kgReo')}
            </Field>
          </dl>
        </Card>
      </div>
      <Card title={t('line.reference')} testId="line-reference">
        {l.reference ? (
          <>
            <dl className="fields">
              <Field
                label={t('line.refPrice')}
                hint={t('line.refPriceHint', { date: l.reference.quoteDate, n: l.reference.quotes })}
              >
                {fmtCny(lang, l.reference.pricePerKg)} {t('unit.cnyPerKg')}
              </Field>
              <Field label={t('line.linePrice')} hint={t('line.linePriceHint')}>
                {perKg === null ? '—' : `${fmtCny(lang, perKg)} ${t('unit.cnyPerKg')}`}
              </Field>
              <Field label={t('col.ratio')}>
                <span className={ratioClass(l.priceRatio)} data-testid="line-ratio">
                  {fmtRatio(lang, l.priceRatio)}
                </span>
              </Field>
            </dl>
            <p className="explain">
              {l.priceRatio === null
                ? t('line.ratioNone')
                : l.priceRatio < 0.8
                  ? t('line.ratioBelow', { gap: fmtGap(lang, l.priceRatio - 1) })
                  : l.priceRatio > 1.2
                    ? t('line.ratioAbove', { gap: fmtGap(lang, l.priceRatio - 1) })
                    : t('line.ratioNear', { gap: fmtGap(lang, l.priceRatio - 1) })}
            </p>
          </>
        ) : (
          <p className="explain">{l.productId ? t('line.noReference') : t('line.noReferenceUnmatched')}</p>
        )}
      </Card>
      <Card title={t('line.flags')} testId="line-flags">
        {l.flagNames.length === 0 ? (
          <p className="explain">{t('line.noFlags')}</p>
        ) : (
          <ul className="flag-list">
            {l.flagNames.map((f) => (
              <li key={f}>
                <strong>{flagText(i18n, f)}</strong>
                <span>{flagExplain(i18n, f) ?? ''}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('line.invoiceLines')}>
        <Async state={invoice}>
          {(inv) => (
            <>
              <LineTable lines={inv.lines} />
              <p className="hint">{t('line.invoiceCount', { n: fmtNum(lang, inv.lines.length) })}</p>
            </>
          )}
        </Async>
      </Card>
    </div>
  );
}
