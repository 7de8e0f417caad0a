// A task's attachments (stored in the database with their SHA-256, checked again on download)
// and an upload: PDF, PNG, JPEG, XLSX, DOCX, TXT or CSV up to 10 MiB whose bytes match the type.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { uploadAttachment } from '../api/upload.ts';
import { FilePick } from '../components/file-pick.tsx';
import { Stamp, Table } from '../components/paged-table.tsx';
import { Card, Empty, ErrorBox, V } from '../components/ui.tsx';
import { fmtBytes } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { attachmentHref } from '../lib/downloads.ts';
import { useAction } from '../lib/use-action.ts';
import type { TaskCardProps } from './task-card.ts';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.xlsx,.docx,.txt,.csv';

export function AttachmentsCard({ task, canWork, onChanged }: TaskCardProps) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [picker, setPicker] = useState(0);
  const upload = useAction(async (f: File) => {
    await uploadAttachment(task.id, f);
    setFile(null);
    // A new, empty file input.
    setPicker((x) => x + 1);
    onChanged();
  });
  const canUpload = canWork && task.status !== 'closed';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) void upload.run(file);
  };
  return (
    <Card title={t('task.attachments')} testId="task-attachments">
      {task.attachments.length === 0 ? (
        <Empty>{t('task.noAttachments')}</Empty>
      ) : (
        <Table
          testId="attachment-table"
          head={
            <>
              <th>{t('attachment.file')}</th>
              <th className="num">{t('attachment.size')}</th>
              <th>{t('attachment.sha256')}</th>
              <th>{t('attachment.uploaded')}</th>
            </>
          }
        >
          {task.attachments.map((a) => (
            <tr key={a.id} data-testid="attachment-row">
              <td>
                <a href={attachmentHref(task.id, a.id)} download>
                  <V>{a.fileName}</V>
                </a>
              </td>
              <td className="num">{fmtBytes(lang, a.sizeBytes)}</td>
              <td>
                <V className="mono small" title={a.sha256}>
                  {a.sha256.slice(0, 16)}…
                </V>
              </td>
              <td>
                <Stamp by={a.uploadedBy} at={a.uploadedAt} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {canUpload && (
        <form className="filters attach-form" onSubmit={submit}>
          <FilePick
            key={picker}
            file={file}
            onChange={setFile}
            accept={ACCEPT}
            label={t('attachment.add')}
            testId="attachment-file"
          />
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!file || upload.busy}
            data-testid="attachment-submit"
          >
            {t('attachment.upload')}
          </button>
        </form>
      )}
      {canUpload && <p className="hint">{t('attachment.hint')}</p>}
      {upload.error !== undefined && <ErrorBox error={upload.error} />}
    </Card>
  );
}
