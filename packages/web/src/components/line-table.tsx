// Invoice lines as a table: date, invoice, parties, product, quantity, price, amount, REO kg,
// price ratio against the reference, warnings. A row opens the line.
import type { Line } from '../api/types.ts';
import { fmtFen, fmtKg, fmtRatio } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { flagText } from '../lib/labels.tsx';
import { Link, navigate } from '../lib/router.tsx';
import type { SortDir } from './ui.tsx';
import { SortHeader, V } from './ui.tsx';

/** Flags every red-letter or voided line carries: shown as the line's status, not as warnings. */
const STATUS_FLAGS = new Set(['RED', 'VOIDED']);

export function ratioClass(r: number | null, band = 0.2): string {
  if (r === null) return 'ratio ratio-none';
  if (r < 1 - band) return 'ratio ratio-low';
  if (r > 1 + band) return 'ratio ratio-high';
  return 'ratio';
}

export function LineTable({
  lines,
  testId,
  sort,
  order,
  onSort,
  highlight,
}: {
  lines: readonly Line[];
  testId?: string;
  sort?: string;
  order?: SortDir;
  onSort?: (field: string, order: SortDir) => void;
  /** The enterprise whose side of each line is shown bold. */
  highlight?: string;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const head = (field: string, label: string, className?: string) =>
    onSort ? (
      <SortHeader
        field={field}
        label={label}
        sort={sort}
        order={order ?? 'desc'}
        onSort={onSort}
        className={className}
      />
    ) : (
      <th className={className}>{label}</th>
    );
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            {head('issueDate', t('col.date'))}
            <th>{t('col.invoice')}</th>
            <th>{t('col.seller')}</th>
            <th>{t('col.buyer')}</th>
            <th>{t('col.product')}</th>
            {head('kg', t('col.kg'), 'num')}
            {head('amount', t('col.amount'), 'num')}
            {head('reoKg', t('col.reoKg'), 'num')}
            <th className="num">{t('col.ratio')}</th>
            <th>{t('col.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr
              key={l.id}
              className="clickable"
              onClick={() => navigate(`/lines/${l.id}`)}
              data-testid="line-row"
            >
              <td className="nowrap">
                <Link to={`/lines/${l.id}`} onClick={(e) => e.stopPropagation()}>
                  {l.issueDate}
                </Link>
              </td>
              <td className="nowrap">
                <V>
                  {l.invoiceKey}/{l.lineNo}
                </V>
              </td>
              <td className={highlight === l.sellerTaxId ? 'strong' : undefined}>
                <V>{l.sellerName}</V>
              </td>
              <td className={highlight === l.buyerTaxId ? 'strong' : undefined}>
                <V>{l.buyerName}</V>
              </td>
              <td>{l.productId ? i18n.pick(l.productNameZh, l.productNameEn) : <V>{l.itemName}</V>}</td>
              <td className="num">{fmtKg(lang, l.kg)}</td>
              <td className="num">{fmtFen(lang, l.amountFen)}</td>
              <td className="num">{fmtKg(lang, l.reoKg)}</td>
              <td className="num">
                <span className={ratioClass(l.priceRatio)}>{fmtRatio(lang, l.priceRatio)}</span>
              </td>
              <td>
                {l.status !== 'normal' && (
                  <span className="tag">{i18n.tMaybe(`status.${l.status}`) ?? l.status}</span>
                )}
                {l.flagNames
                  .filter((f) => !STATUS_FLAGS.has(f))
                  .map((f) => (
                    <span key={f} className="tag tag-warn">
                      {flagText(i18n, f)}
                    </span>
                  ))}
                {l.flagNames.includes('RED') && <span className="tag tag-red">{flagText(i18n, 'RED')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
