// Inspection tasks (issue 7): generated from a run's lists with a campaign's measures, worked
// through open → in_progress → findings_recorded → closed, with findings and attachments.
// Inspectors see and work only the tasks of their regions (404 elsewhere).
import { Type } from 'typebox';
import {
  MAX_ATTACHMENT_BYTES,
  TASK_VOCABULARY,
  addAttachment,
  generateTasks,
  getAttachmentFile,
  getTaskDetail,
  listTaskViews,
  recordFinding,
  setTaskStatus,
  unwrap,
  updateTaskPlan,
} from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { raise } from '../http/problem.ts';
import { PageOf, problems } from '../schemas/common.schema.ts';
import { CampaignParams } from '../schemas/campaign.schema.ts';
import {
  AttachmentSchema,
  FindingBody,
  GenerateBody,
  GenerateResultSchema,
  RecordedFindingSchema,
  StatusBody,
  TaskDetailSchema,
  TaskParams,
  TaskPatchBody,
  TaskQuery,
  TaskSchema,
  VocabularySchema,
} from '../schemas/task.schema.ts';
import { readUpload } from './campaign.routes.ts';
import { contentDisposition } from './csv-reply.ts';

const TAG = ['tasks'];

function taskNotFound(id: number): never {
  raise({ code: 'not_found', zh: `未找到检查任务 ${id}`, en: `Task ${id} not found` });
}

export function registerTaskRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/tasks/vocabulary',
    {
      schema: {
        tags: TAG,
        summary: 'Labels (Chinese, English) of task statuses, kinds, violation kinds and licence actions',
        response: { 200: VocabularySchema, ...problems(401) },
      },
    },
    async () => TASK_VOCABULARY,
  );

  app.post(
    '/api/campaigns/:id/tasks/generate',
    {
      schema: {
        tags: TAG,
        summary: 'Make the campaign’s tasks from a finished run’s lists (administrators, analysts)',
        description:
          'One task per enterprise in the campaign’s scope whose list (overrides in force applied) carries a task under ' +
          'the campaign’s measures, unless it already has an unfinished task in the campaign. Deadlines count from ' +
          '`asOf` (default today, CST). Each task goes to the inspector whose regions cover the enterprise most narrowly.',
        params: CampaignParams,
        body: GenerateBody,
        response: { 200: GenerateResultSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { runId, asOf } = request.body;
      return unwrap(
        await generateTasks(ctx.store, actorOf(request), request.params.id, {
          runId,
          ...(asOf ? { asOf } : {}),
        }),
      );
    },
  );

  app.get(
    '/api/tasks',
    {
      schema: {
        tags: TAG,
        summary: 'Tasks in the reader’s regions: filtered, sorted (deadline, score, id), paged',
        querystring: TaskQuery,
        response: { 200: PageOf(TaskSchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { order, ...q } = request.query;
      return listTaskViews(ctx.store, actorOf(request), { ...q, desc: order === 'desc' });
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: TAG,
        summary: 'One task with its findings, attachments and history',
        params: TaskParams,
        response: { 200: TaskDetailSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      (await getTaskDetail(ctx.store, actorOf(request), request.params.id)) ??
      taskNotFound(request.params.id),
  );

  app.post(
    '/api/tasks/:id/status',
    {
      schema: {
        tags: TAG,
        summary:
          'Move a task one step: open → in_progress → findings_recorded → closed (closing needs an outcome)',
        params: TaskParams,
        body: StatusBody,
        response: { 200: TaskSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      unwrap(await setTaskStatus(ctx.store, actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: TAG,
        summary: 'Reassign a task or move its deadline (administrators, analysts)',
        params: TaskParams,
        body: TaskPatchBody,
        response: { 200: TaskSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      unwrap(await updateTaskPlan(ctx.store, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/tasks/:id/findings',
    {
      schema: {
        tags: TAG,
        summary: 'Record a finding: violation, kg seized, penalty (fen), licence action',
        description:
          'Allowed in progress or after earlier findings; the first finding moves the task to findings_recorded.',
        params: TaskParams,
        body: FindingBody,
        response: { 201: RecordedFindingSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(unwrap(await recordFinding(ctx.store, actorOf(request), request.params.id, request.body))),
  );

  app.post(
    '/api/tasks/:id/attachments',
    {
      schema: {
        tags: TAG,
        summary:
          'Attach a file (multipart, one part named `file`): PDF, PNG, JPEG, XLSX, DOCX, TXT or CSV, ≤ 10 MiB',
        description:
          'The bytes must match the type (a renamed executable is refused, 415); the SHA-256 is kept and returned.',
        params: TaskParams,
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      // Nothing is read for a task the user cannot see or change.
      const actor = actorOf(request);
      if (!(await getTaskDetail(ctx.store, actor, request.params.id))) taskNotFound(request.params.id);
      const file = await readUpload(request, MAX_ATTACHMENT_BYTES);
      return reply.code(201).send(unwrap(await addAttachment(ctx.store, actor, request.params.id, file)));
    },
  );

  app.get(
    '/api/tasks/:id/attachments/:attachmentId',
    {
      schema: {
        tags: TAG,
        summary: 'Download an attachment (its SHA-256 in the `x-content-sha256` header)',
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), attachmentId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        produces: ['application/octet-stream'],
        response: {
          200: {
            description: 'The file as stored',
            content: {
              'application/octet-stream': {
                schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
              },
            },
          },
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await getAttachmentFile(
        ctx.store,
        actorOf(request),
        request.params.id,
        request.params.attachmentId,
      );
      if (!file) raise({ code: 'not_found', zh: '未找到附件', en: 'Attachment not found' });
      return reply
        .type(file.meta.contentType)
        .header('content-disposition', contentDisposition(file.meta.fileName))
        .header('x-content-sha256', file.meta.sha256)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(Buffer.from(file.data));
    },
  );
}
