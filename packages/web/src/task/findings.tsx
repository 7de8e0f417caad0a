// A task's findings — violation kind, description, kg seized, penalty, licence action — and the
// form to record one (while the task is in progress or has findings; the first finding moves it
// to "findings recorded"). The penalty is typed in yuan and sent as exact integer fen.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { FindingInput, LicenceAction, ViolationKind } from '../api/types.ts';
import { Stamp, Table } from '../components/paged-table.tsx';
import { Card, Empty, ErrorBox, V } from '../components/ui.tsx';
import { fmtFen, fmtKg } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { quantity, yuanToFen } from '../lib/form-values.ts';
import { useAction } from '../lib/use-action.ts';
import type { TaskCardProps } from './task-card.ts';
import { LICENCE_ACTIONS, VIOLATION_KINDS } from '../lib/vocabulary.ts';

export function FindingsCard({ task, canWork, onChanged }: TaskCardProps) {
  const { t, lang } = useI18n();
  const open = canWork && (task.status === 'in_progress' || task.status === 'findings_recorded');
  return (
    <Card title={t('task.findings')} testId="task-findings">
      {task.findings.length === 0 ? (
        <Empty>{t('task.noFindings')}</Empty>
      ) : (
        <Table
          testId="finding-table"
          head={
            <>
              <th>{t('finding.kind')}</th>
              <th>{t('finding.description')}</th>
              <th className="num">{t('finding.seizedKg')}</th>
              <th className="num">{t('finding.penalty')}</th>
              <th>{t('finding.licenceAction')}</th>
              <th>{t('finding.recorded')}</th>
            </>
          }
        >
          {task.findings.map((f) => (
            <tr key={f.id} data-testid="finding-row">
              <td>{t(`violation.${f.violationKind}`)}</td>
              <td>
                <V>{f.description}</V>
              </td>
              <td className="num">{fmtKg(lang, f.seizedKg)}</td>
              <td className="num">{fmtFen(lang, f.penaltyFen)}</td>
              <td>{t(`licenceAction.${f.licenceAction}`)}</td>
              <td>
                <Stamp by={f.recordedBy} at={f.recordedAt} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {open ? (
        <FindingForm taskId={task.id} onRecorded={onChanged} />
      ) : (
        task.status === 'open' && canWork && <p className="hint">{t('task.startFirst')}</p>
      )}
    </Card>
  );
}

function FindingForm({ taskId, onRecorded }: { taskId: number; onRecorded: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ViolationKind>('unexplained_source');
  const [description, setDescription] = useState('');
  const [seized, setSeized] = useState('');
  const [penalty, setPenalty] = useState('');
  const [action, setAction] = useState<LicenceAction>('none');
  const [local, setLocal] = useState<string | null>(null);
  const record = useAction(async (body: FindingInput) => {
    await data(api.POST('/api/tasks/{id}/findings', { params: { path: { id: taskId } }, body }));
    setDescription('');
    setSeized('');
    setPenalty('');
    onRecorded();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLocal(null);
    const seizedKg = quantity(seized);
    const penaltyFen = penalty.trim() === '' ? 0 : yuanToFen(penalty);
    if (seizedKg === undefined) return setLocal(t('form.badNumber'));
    if (penaltyFen === undefined) return setLocal(t('finding.badPenalty'));
    void record.run({
      violationKind: kind,
      description: description.trim(),
      seizedKg: seizedKg ?? 0,
      penaltyFen,
      licenceAction: action,
    });
  };
  return (
    <form className="finding-form" onSubmit={submit} data-testid="finding-form">
      <h3>{t('finding.new')}</h3>
      <div className="filters">
        <label>
          <span>{t('finding.kind')}</span>
          <select
            value={kind}
            onChange={(e) => setKind(VIOLATION_KINDS.find((k) => k === e.target.value) ?? 'other')}
            data-testid="finding-kind"
          >
            {VIOLATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`violation.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('finding.seizedKg')}</span>
          <input inputMode="decimal" value={seized} onChange={(e) => setSeized(e.target.value)} />
        </label>
        <label>
          <span>{t('finding.penaltyYuan')}</span>
          <input
            inputMode="decimal"
            value={penalty}
            onChange={(e) => setPenalty(e.target.value)}
            data-testid="finding-penalty"
          />
        </label>
        <label>
          <span>{t('finding.licenceAction')}</span>
          <select
            value={action}
            onChange={(e) => setAction(LICENCE_ACTIONS.find((a) => a === e.target.value) ?? 'none')}
          >
            {LICENCE_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`licenceAction.${a}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="form-row">
        <span>{t('finding.description')}</span>
        <textarea
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          required
          maxLength={5000}
          data-testid="finding-description"
        />
      </label>
      {local && (
        <div className="state state-error" role="alert">
          {local}
        </div>
      )}
      {record.error !== undefined && <ErrorBox error={record.error} />}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" disabled={record.busy} data-testid="finding-submit">
          {t('finding.submit')}
        </button>
      </div>
    </form>
  );
}
