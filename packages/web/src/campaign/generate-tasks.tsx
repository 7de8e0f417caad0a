// Generating a campaign's inspection tasks from a finished run's lists (administrators,
// analysts): one task per enterprise in scope whose list in force carries a task under the
// campaign's measures; a second generation from the same run makes nothing new.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { PostOk } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { RunSelect } from '../components/run-select.tsx';
import { Card, ErrorBox } from '../components/ui.tsx';
import { fmtNum } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, hrefOf } from '../lib/router.tsx';
import { useAction } from '../lib/use-action.ts';

type Generated = PostOk<'/api/campaigns/{id}/tasks/generate'>;

export function GenerateTasksCard({ campaignId, disabled }: { campaignId: number; disabled: boolean }) {
  const { t, lang } = useI18n();
  const [runId, setRunId] = useState<number | null>(null);
  const [asOf, setAsOf] = useState('');
  const [result, setResult] = useState<Generated | null>(null);
  const generate = useAction(async (run: number) => {
    setResult(null);
    setResult(
      await data(
        api.POST('/api/campaigns/{id}/tasks/generate', {
          params: { path: { id: campaignId } },
          body: { runId: run, ...(asOf ? { asOf } : {}) },
        }),
      ),
    );
  });
  return (
    <Card title={t('generate.title')} testId="generate-tasks">
      <div className="filters">
        <RunSelect value={runId} onChange={setRunId} testId="generate-run" />
        <label>
          <span>{t('generate.asOf')}</span>
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={disabled || runId === null || generate.busy}
          onClick={() => runId !== null && void generate.run(runId)}
          data-testid="generate-submit"
        >
          {t('generate.submit')}
        </button>
      </div>
      <p className="hint">{t(disabled ? 'campaign.closedHint' : 'generate.hint')}</p>
      {generate.error !== undefined && <ErrorBox error={generate.error} />}
      {result && (
        <div className="outcome" data-testid="generate-result">
          <p className="outcome-status outcome-committed">
            {t('generate.done', {
              n: fmtNum(lang, result.created.length),
              skipped: fmtNum(lang, result.skippedExisting),
              unassigned: fmtNum(lang, result.unassigned),
            })}{' '}
            <Link to={hrefOf('/tasks', { campaignId })}>{t('generate.viewTasks')}</Link>
          </p>
          <p className="sub">
            {LIST_NAMES.filter((l) => result.byList[l] > 0)
              .map((l) => `${t(`list.${l}`)} ${fmtNum(lang, result.byList[l])}`)
              .join(t('common.listSeparator'))}
          </p>
        </div>
      )}
    </Card>
  );
}
