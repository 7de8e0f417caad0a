// Files attached to inspection tasks (issue 7): photos of a site, scanned contracts and stock
// books, spreadsheets. Stored in the database with their SHA-256, at most 10 MiB each, and only
// of a few known types whose bytes must match the type claimed (a renamed executable is refused).
import { createHash } from 'node:crypto';
import type { AttachmentMeta, Store } from '@oresight/store';
import { appendAudit, getAttachment, getTask, insertAttachment, nowIso } from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import { isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { READ_ONLY, canWork } from './access.ts';

/** 10 MiB: a scanned document or a photo, not a video. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The accepted types, each with the check its bytes must pass. */
const TYPES: Readonly<Record<string, (b: Uint8Array) => boolean>> = {
  'application/pdf': (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]), // %PDF-
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  [XLSX]: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) && containsAscii(b, 'xl/'),
  [DOCX]: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) && containsAscii(b, 'word/'),
  'text/plain': isText,
  'text/csv': isText,
};

export const ATTACHMENT_TYPES: readonly string[] = Object.keys(TYPES);

const BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  xlsx: XLSX,
  docx: DOCX,
  txt: 'text/plain',
  csv: 'text/csv',
};

function startsWith(b: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((x, i) => b[i] === x);
}

function containsAscii(b: Uint8Array, text: string): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(text, 0, 'latin1');
}

/** Text: no NUL bytes and valid UTF-8 or GB18030 (what Chinese offices save). */
function isText(b: Uint8Array): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A file name safe to store and to send back in a Content-Disposition header: its last path
 * segment, control and quote characters replaced, at most 150 characters.
 * @example safeAttachmentName('C:\\scan\\现场照片 "1".jpg') // '现场照片 _1_.jpg'
 */
export function safeAttachmentName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_')
    .trim()
    .slice(-150);
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'attachment' : cleaned;
}

/**
 * The content type to store: the claimed one (parameters dropped), or from the extension when
 * the client sent none or a generic one; refused when unknown or when the bytes do not match.
 */
export function checkAttachmentType(
  fileName: string,
  claimed: string | undefined,
  bytes: Uint8Array,
): { ok: true; type: string } | { ok: false; zh: string; en: string } {
  const base = (claimed ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  const type = base === '' || base === 'application/octet-stream' ? BY_EXTENSION[ext] : base;
  const check = type ? TYPES[type] : undefined;
  if (!type || !check)
    return {
      ok: false,
      zh: `不支持的文件类型“${base || ext}”（可用：PDF、PNG、JPEG、XLSX、DOCX、TXT、CSV）`,
      en: `Unsupported file type "${base || ext}" (use PDF, PNG, JPEG, XLSX, DOCX, TXT or CSV)`,
    };
  if (!check(bytes))
    return {
      ok: false,
      zh: `文件内容与类型“${type}”不符`,
      en: `The file's content does not match its type "${type}"`,
    };
  return { ok: true, type };
}

export interface AttachmentView {
  readonly id: number;
  readonly taskId: number;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

function view(a: AttachmentMeta): AttachmentView {
  return {
    id: Number(a.id),
    taskId: Number(a.taskId),
    fileName: a.fileName,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    uploadedAt: a.uploadedAt,
    uploadedBy: a.uploadedBy,
  };
}

/**
 * Attaches a file to a task in the actor's regions (not to a closed task).
 * @example await addAttachment(store, inspector, 4, { fileName: '现场.jpg', contentType: 'image/jpeg', bytes });
 */
export async function addAttachment(
  store: Store,
  actor: Actor,
  taskId: number,
  file: { fileName: string; contentType?: string; bytes: Uint8Array },
): Promise<Outcome<AttachmentView>> {
  const task = await getTask(store.db, taskId);
  if (!task || !isRegionVisible(actor, task.region))
    return { ok: false, error: notFound(`检查任务 ${taskId}`, `Task ${taskId}`) };
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  if (task.status === 'closed')
    return fail('conflict', '任务已办结，不能再添加附件', `Task ${taskId} is closed`);
  if (file.bytes.length === 0) return fail('invalid', '文件为空', 'The file is empty', 'file');
  if (file.bytes.length > MAX_ATTACHMENT_BYTES)
    return fail('too_large', '附件不能超过 10 MB', 'An attachment has at most 10 MiB', 'file');
  const fileName = safeAttachmentName(file.fileName);
  const type = checkAttachmentType(fileName, file.contentType, file.bytes);
  if (!type.ok) return fail('unsupported_media_type', type.zh, type.en, 'file');
  const row = {
    taskId,
    fileName,
    contentType: type.type,
    sizeBytes: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    data: file.bytes,
    uploadedAt: nowIso(),
    uploadedBy: actor.username,
  };
  const id = await store.transaction(async (tx) => {
    const id = await insertAttachment(tx.db, row);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'task.attachment',
      subject: `task:${taskId}`,
      details: {
        attachmentId: id,
        fileName,
        contentType: row.contentType,
        sizeBytes: row.sizeBytes,
        sha256: row.sha256,
      },
    });
    return id;
  });
  const { data: _data, ...meta } = row;
  return ok(view({ id, ...meta }));
}

/**
 * An attachment's bytes with its metadata, checked against its stored SHA-256; undefined when
 * absent, not of this task, or outside the actor's regions.
 */
export async function getAttachmentFile(
  store: Store,
  actor: Actor,
  taskId: number,
  attachmentId: number,
): Promise<{ meta: AttachmentView; data: Uint8Array } | undefined> {
  const task = await getTask(store.db, taskId);
  if (!task || !isRegionVisible(actor, task.region)) return undefined;
  const a = await getAttachment(store.db, attachmentId);
  if (!a || Number(a.taskId) !== taskId) return undefined;
  if (createHash('sha256').update(a.data).digest('hex') !== a.sha256)
    throw new Error(`attachment ${attachmentId}: stored bytes do not match their SHA-256`);
  const { data, ...meta } = a;
  return { meta: view(meta), data };
}
