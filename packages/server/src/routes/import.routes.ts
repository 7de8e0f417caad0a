// Imports: a streamed upload to a temporary file, imported as a background job (progress at
// /api/jobs/{id}); batches, their rejected rows and a CSV of them. Background jobs.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Type } from 'typebox';
import type { Multipart } from '@fastify/multipart';
import type { ImportBatch, ImportKind, JobView, Reject } from '@oresight/app';
import {
  AppError,
  can,
  getBatch,
  listRejects,
  pageOf,
  searchBatches,
  searchRejects,
  submitImportJob,
  toCsv,
} from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { CSV_RESPONSE, PageOf, problems } from '../schemas/common.schema.ts';
import {
  BatchQuery,
  BatchSchema,
  ImportKindSchema,
  JobQuery,
  JobSchema,
  RejectQuery,
  RejectSchema,
  UploadQuery,
} from '../schemas/import.schema.ts';
import { sendCsv } from './csv-reply.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/**
 * A file name safe to create in our own temporary folder: its last path segment, characters
 * outside letters, digits and `._-()（）` and spaces replaced, at most 150 characters. The
 * extension stays: the import reads the format from it.
 * @example safeFileName('../../etc/发票 2013.csv') // '发票 2013.csv'
 */
export function safeFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._\-()（） ]/gu, '_')
    .replace(/^[.\s]+/, '')
    .slice(-150);
  return cleaned === '' ? 'upload' : cleaned;
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function batchView(b: ImportBatch) {
  return {
    id: Number(b.id),
    kind: b.kind,
    fileName: b.fileName,
    sha256: b.sha256,
    sizeBytes: Number(b.sizeBytes),
    format: b.format,
    encoding: b.encoding,
    status: b.status,
    rowsRead: b.rowsRead,
    accepted: b.accepted,
    rejected: b.rejected,
    duplicate: b.duplicate,
    updated: b.updated,
    userName: b.userName,
    createdAt: b.createdAt,
    finishedAt: b.finishedAt,
    options: parseJsonObject(b.options),
    summary: parseJsonObject(b.summary),
  };
}

function rejectView(r: Reject) {
  return { ...r, id: Number(r.id), batchId: Number(r.batchId) };
}

const MALFORMED = {
  code: 'bad_request' as const,
  zh: '上传的表单数据格式错误或不完整',
  en: 'The multipart upload is malformed or incomplete',
};

/** A job as the API shows it (owners and administrators only: others get 404). */
function visibleJob(job: JobView | undefined, actor: { username: string; role: string }): JobView {
  if (!job || (job.owner !== actor.username && actor.role !== 'admin'))
    raise({ code: 'not_found', zh: '未找到任务', en: 'Job not found' });
  return job;
}

export function registerImportRoutes(app: Api, ctx: ServerContext): void {
  app.post(
    '/api/imports/:kind',
    {
      schema: {
        tags: ['imports'],
        summary: 'Upload a file to import (multipart/form-data, one part named `file`); runs as a job',
        description:
          'The file is streamed to a temporary file and imported in the background as one atomic, idempotent batch ' +
          '(formats.md). The answer is the job (202, `Location: /api/jobs/{id}`): poll it for progress and the result. ' +
          'Options are query parameters. Invoices: CSV (UTF-8/GBK), XLSX, e-invoice XML or a zip of XML; ' +
          'enterprises, quotas, prices: CSV or XLSX.',
        params: Type.Object({ kind: ImportKindSchema }, { additionalProperties: false }),
        querystring: UploadQuery,
        consumes: ['multipart/form-data'],
        response: { 202: JobSchema, ...problems(400, 401, 403, 413, 415) },
      },
      config: { permission: 'import' },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!request.isMultipart())
        raise({
          code: 'unsupported_media_type',
          zh: '请以 multipart/form-data 上传文件',
          en: 'Upload the file as multipart/form-data',
        });
      const dir = await mkdtemp(join(tmpdir(), 'oresight-upload-'));
      const cleanup = () => rm(dir, { recursive: true, force: true });
      let job: JobView;
      try {
        const path = await receiveOneFile(
          request.parts({
            limits: { fileSize: ctx.limits.uploadBytes, files: 1, fields: 5, parts: 6, headerPairs: 100 },
          }),
          dir,
        );
        const q = request.query;
        job = submitImportJob(ctx.jobs, ctx.store, {
          path,
          kind: request.params.kind as ImportKind,
          skipInvalid: q.skipInvalid === true,
          dryRun: q.dryRun === true,
          ...(q.encoding ? { encoding: q.encoding } : {}),
          ...(q.sheet ? { sheet: q.sheet } : {}),
          user: actor.username,
          cleanup,
        });
      } catch (error) {
        await cleanup();
        throw error;
      }
      return reply.code(202).header('location', `/api/jobs/${job.id}`).send(job);
    },
  );

  app.get(
    '/api/imports/batches',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import batches, newest first (committed and rejected)',
        querystring: BatchQuery,
        response: { 200: PageOf(BatchSchema), ...problems(400, 401, 403) },
      },
      config: { national: true },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await searchBatches(ctx.store.db, {
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
        ...(q.order ? { desc: q.order === 'desc' } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      return { items: items.map(batchView), total, limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    '/api/imports/batches/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One batch',
        params: IdParams,
        response: { 200: BatchSchema, ...problems(400, 401, 403, 404) },
      },
      config: { national: true },
    },
    async (request) => {
      const batch = await getBatch(ctx.store.db, request.params.id);
      if (!batch)
        raise({ code: 'not_found', zh: '未找到导入批次', en: `Batch ${request.params.id} not found` });
      return batchView(batch);
    },
  );

  app.get(
    '/api/imports/batches/:id/rejects',
    {
      schema: {
        tags: ['imports'],
        summary: 'A batch’s rejected rows with their reasons, in row order',
        params: IdParams,
        querystring: RejectQuery,
        response: { 200: PageOf(RejectSchema), ...problems(400, 401, 403, 404) },
      },
      config: { national: true },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await getBatch(ctx.store.db, id)))
        raise({ code: 'not_found', zh: '未找到导入批次', en: `Batch ${id} not found` });
      const q = request.query;
      const { items, total } = await searchRejects(ctx.store.db, {
        batchId: id,
        ...(q.code ? { code: q.code } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
        desc: q.order === 'desc',
        limit: q.limit,
        offset: q.offset,
      });
      return { items: items.map(rejectView), total, limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    '/api/imports/batches/:id/rejects.csv',
    {
      schema: {
        tags: ['imports', 'exports'],
        summary: 'A batch’s rejected rows as CSV',
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: CSV_RESPONSE, ...problems(400, 401, 403, 404) },
      },
      config: { national: true },
    },
    async (request, reply) => {
      const { id } = request.params;
      const batch = await getBatch(ctx.store.db, id);
      if (!batch) raise({ code: 'not_found', zh: '未找到导入批次', en: `Batch ${id} not found` });
      const rows: unknown[][] = [];
      for (let offset = 0; ; offset += 10_000) {
        const { items } = await listRejects(ctx.store.db, { batchId: id, limit: 10_000, offset });
        for (const r of items)
          rows.push([
            batch.fileName,
            r.source,
            r.rowNo,
            r.columnName,
            r.value,
            r.code,
            r.messageZh,
            r.messageEn,
          ]);
        if (items.length < 10_000) break;
      }
      const csv = toCsv(
        ['文件 file', '来源 source', '行号 row', '列 column', '值 value', '代码 code', '原因', 'reason'],
        rows,
      );
      return sendCsv(reply, `batch-${id}-rejects.csv`, csv);
    },
  );

  app.get(
    '/api/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Your background jobs, newest first (administrators: everyone’s)',
        querystring: JobQuery,
        response: { 200: PageOf(JobSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const all = ctx.jobs.list({
        ...(can(actor, 'users') ? {} : { owner: actor.username }),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.status ? { status: q.status } : {}),
      });
      return pageOf(all, q);
    },
  );

  app.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A background job: status, progress, result or error',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: JobSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => visibleJob(ctx.jobs.get(request.params.id), actorOf(request)),
  );
}

/**
 * Streams the one file part named `file` of a multipart request into `dir` and returns its path.
 * Anything else in the form — a text field, a second file, a part under another name — is a 4xx.
 */
async function receiveOneFile(parts: AsyncIterableIterator<Multipart>, dir: string): Promise<string> {
  let saved: string | undefined;
  try {
    for await (const part of parts) {
      if (part.type !== 'file') {
        raise({
          code: 'bad_request',
          zh: `表单中不应有字段 ${part.fieldname}：选项请放在查询参数中`,
          en: `Unexpected form field \`${part.fieldname.slice(0, 40)}\`: options go in the query string`,
        });
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        raise({
          code: 'bad_request',
          zh: '文件字段须命名为 file',
          en: `The file part must be named \`file\` (got \`${part.fieldname.slice(0, 40)}\`)`,
        });
      }
      const path = join(dir, safeFileName(part.filename));
      await pipeline(part.file, createWriteStream(path, { flags: 'wx' }));
      if (part.file.truncated)
        raise({ code: 'too_large', zh: '上传文件过大', en: 'The uploaded file is too large' });
      saved = path;
    }
  } catch (error) {
    throw uploadError(error);
  }
  if (saved === undefined)
    raise({
      code: 'bad_request',
      zh: '表单中没有文件',
      en: 'The form holds no file: send one part named `file`',
    });
  return saved;
}

/** Upload failures: limits are the client's (413), a broken form is the client's (400), a disk error is ours. */
function uploadError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode < 500) return error;
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && e.code !== 'ECONNRESET') return error;
  return new AppError(MALFORMED);
}
