// The audit log (issue 7): entries for administrators and analysts, and a check of the whole
// chain. Also audits every download of an export route that does not audit itself (the CSV
// exports of enterprises, lines, run entries and rejects): who fetched what, when.
import { listAuditEntries, recordAudit, unwrap, verifyAudit } from '@oresight/app';
import type { Api } from '../http/api.ts';
import type { ServerContext } from '../http/auth.ts';
import { actorOf } from '../http/auth.ts';
import { HTTP_FAILURES, raise } from '../http/problem.ts';
import { PageOf, problems } from '../schemas/common.schema.ts';
import { AuditEntrySchema, AuditQuery, AuditVerificationSchema } from '../schemas/audit.schema.ts';

export function registerAuditRoutes(app: Api, ctx: ServerContext): void {
  // Before the bytes leave: a download that cannot be recorded is not sent (500).
  app.addHook('onSend', async (request, reply, payload) => {
    const tags = (request.routeOptions.schema as { tags?: readonly string[] } | undefined)?.tags;
    if (!tags?.includes('exports') || request.routeOptions.config.auditedExport) return payload;
    if (reply.statusCode !== 200 || !request.auth) return payload;
    const path = request.url.split('?')[0] ?? request.url;
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    await recordAudit(ctx.store, request.auth.actor.username, 'export.download', path, {
      route: request.routeOptions.url,
      query,
      regions: request.auth.actor.regions,
      contentType: String(reply.getHeader('content-type') ?? ''),
    });
    return payload;
  });

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first (administrators, analysts)',
        description:
          'Every sign-in, import, run, override, approval, task change, publication, appeal and export. `action` matches a ' +
          'prefix (`override` → override.request, override.approve, …).',
        querystring: AuditQuery,
        response: { 200: PageOf(AuditEntrySchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { order: _order, ...q } = request.query;
      return unwrap(await listAuditEntries(ctx.store, actorOf(request), q));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Walk the SHA-256 chain; name the first entry that does not verify (administrators, analysts)',
        response: { 200: AuditVerificationSchema, ...problems(401, 403) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.role !== 'admin' && actor.role !== 'analyst') raise(HTTP_FAILURES.forbidden);
      return verifyAudit(ctx.store);
    },
  );
}
