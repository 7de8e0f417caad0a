// The reasons of the list, each with its measured value, threshold and sentence, and the invoice
// lines that contribute most (its evidence): a click opens the line with its reference price.
import { api, data } from '../api/client.ts';
import type { Line, Reason } from '../api/types.ts';
import { Async, Card, Empty, ListBadge } from '../components/ui.tsx';
import { LineTable } from '../components/line-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RuleName, elementText } from '../lib/labels.tsx';
import { useApi } from '../lib/use-api.ts';

/** The API's evidence endpoint takes at most this many references. */
const MAX_REFS = 200;

export function ReasonsSection({ reasons }: { reasons: readonly Reason[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const refs = [...new Set(reasons.flatMap((r) => r.evidence))].slice(0, MAX_REFS);
  const evidence = useApi(
    (signal) =>
      refs.length === 0
        ? Promise.resolve(new Map<string, Line>())
        : data(api.GET('/api/lines/evidence', { params: { query: { ref: refs } }, signal })).then(
            (r) => new Map(r.items.map((l) => [`${l.invoiceKey}/${l.lineNo}`, l])),
          ),
    [refs.join('|')],
  );
  return (
    <Card title={t('dossier.reasons')} testId="reasons">
      <span id="reasons" className="anchor-target" />
      {reasons.length === 0 ? (
        <Empty>{t('dossier.noReasons')}</Empty>
      ) : (
        <ol className="reasons">
          {reasons.map((r, k) => (
            <li
              key={`${r.rule}-${r.element ?? ''}-${k}`}
              className={`reason reason-${r.list}`}
              data-testid="reason"
            >
              <div className="reason-head">
                <ListBadge
                  list={r.list === 'black' || r.list === 'grey' || r.list === 'unrated' ? r.list : null}
                />
                <strong>
                  <RuleName i18n={i18n} rule={r.rule} />
                  {r.element && ` · ${elementText(i18n, r.element)}`}
                </strong>
              </div>
              <p className="reason-text">{i18n.pick(r.text, r.textEn)}</p>
              {r.evidence.length > 0 ? (
                <details className="evidence" open={k === 0}>
                  <summary>{t('dossier.evidence', { n: r.evidence.length })}</summary>
                  <Async state={evidence}>
                    {(map) => {
                      const lines = r.evidence
                        .map((ref) => map.get(ref))
                        .filter((l): l is Line => l !== undefined);
                      return lines.length === 0 ? (
                        <Empty>{t('dossier.evidenceHidden')}</Empty>
                      ) : (
                        <LineTable lines={lines} testId="evidence-lines" />
                      );
                    }}
                  </Async>
                </details>
              ) : (
                <div className="hint">{t('dossier.noEvidence')}</div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
