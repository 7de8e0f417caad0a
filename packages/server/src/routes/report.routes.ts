// Reports (issue 7): the enterprise dossier and the campaign report as printable HTML or as PDF
// (headless Chromium with the Noto CJK fonts). Each report produced is audited as an export.
import { Type } from 'typebox';
import type { ReportFiles } from '@oresight/app';
import { REPORT_LANGUAGES, campaignReport, dossierReport, unwrap } from '@oresight/app';
import type { FastifyReply } from 'fastify';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { problems } from '../schemas/common.schema.ts';
import { contentDisposition } from './csv-reply.ts';

const ReportQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(['html', 'pdf'], { type: 'string', default: 'html' })),
    lang: Type.Optional(
      Type.Enum([...REPORT_LANGUAGES], {
        type: 'string',
        default: 'both',
        description: 'zh, en or both (双语)',
      }),
    ),
  },
  { additionalProperties: false },
);

const REPORT_RESPONSES = {
  200: {
    description: 'Self-contained printable HTML, or an A4 PDF',
    content: {
      'text/html': { schema: Type.String() },
      'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
    },
  },
};

function sendReport(reply: FastifyReply, files: ReportFiles, format: 'html' | 'pdf') {
  if (format === 'pdf' && files.pdf)
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition(`${files.baseName}.pdf`))
      .send(Buffer.from(files.pdf));
  return reply
    .type('text/html; charset=utf-8')
    .header('content-disposition', contentDisposition(`${files.baseName}.html`, 'inline'))
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    .send(files.html);
}

export function registerReportRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/reports/dossiers/:taxId',
    {
      schema: {
        tags: ['reports', 'exports'],
        summary: 'An enterprise’s dossier as printable HTML or PDF (latest run, or `runId`); audited',
        params: Type.Object(
          { taxId: Type.String({ minLength: 15, maxLength: 20, pattern: '^[0-9A-Za-z]+$' }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          { ...ReportQuery.properties, runId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        produces: ['text/html', 'application/pdf'],
        response: { ...REPORT_RESPONSES, ...problems(400, 401, 404, 503) },
      },
      config: { auditedExport: true },
    },
    async (request, reply) => {
      const { format = 'html', lang = 'both', runId } = request.query;
      const files = unwrap(
        await dossierReport(ctx.store, actorOf(request), request.params.taxId.toUpperCase(), {
          lang,
          formats: [format],
          ...(runId !== undefined ? { runId } : {}),
        }),
      );
      return sendReport(reply, files, format);
    },
  );

  app.get(
    '/api/reports/campaigns/:id',
    {
      schema: {
        tags: ['reports', 'exports'],
        summary:
          'A campaign’s report (progress, tasks, outcome, publications) as printable HTML or PDF; audited',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        querystring: ReportQuery,
        produces: ['text/html', 'application/pdf'],
        response: { ...REPORT_RESPONSES, ...problems(400, 401, 404, 503) },
      },
      config: { auditedExport: true },
    },
    async (request, reply) => {
      const { format = 'html', lang = 'both' } = request.query;
      const files = unwrap(
        await campaignReport(ctx.store, actorOf(request), request.params.id, { lang, formats: [format] }),
      );
      return sendReport(reply, files, format);
    },
  );
}
