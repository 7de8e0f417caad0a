// Publishing a list version (issue 7): the run's entries with the overrides in force at that
// moment are copied into a publication and sealed with a SHA-256 of their content, so that what
// was published never changes, whatever later overrides or runs do. Publications are exportable
// (CSV, XLSX); appeals are filed against them (appeals.ts). Exports are audited.
import { createHash } from 'node:crypto';
import type { IsoDate } from '@oresight/core/domain';
import { isEnterpriseRole, regionLabel } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import type { PublicationEntryRow, PublicationRow, Store } from '@oresight/store';
import {
  appendAudit,
  getPublication,
  insertPublication,
  listPublicationEntries,
  listPublications,
  nowIso,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import { isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { MANAGERS_ONLY, isManager, lockForDecision, todayCst } from '../campaigns/access.ts';
import type { EffectiveEntry } from './effective-list.ts';
import { compareEntries, getEffectiveList } from './effective-list.ts';
import type { ListExportFormat, ListExportRow, ReportLang } from './list-export.ts';
import { encodeListTable } from './list-export.ts';
import { isListName } from './overrides.ts';

export interface PublicationView {
  readonly id: number;
  readonly runId: number;
  readonly title: string;
  readonly asOf: IsoDate;
  readonly entries: number;
  readonly counts: Readonly<Record<ListName, number>>;
  readonly overrides: number;
  readonly sha256: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

export interface PublicationEntryView {
  readonly publicationId: number;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  readonly roles: readonly string[];
  readonly group: string | null;
  readonly computedList: ListName;
  readonly list: ListName;
  readonly score: number;
  readonly rules: readonly string[];
  readonly overrideId: number | null;
  readonly overrideReason: string | null;
  readonly overrideExpiresOn: string | null;
}

export function toPublicationView(p: PublicationRow): PublicationView {
  return {
    id: Number(p.id),
    runId: Number(p.runId),
    title: p.title,
    asOf: p.asOf,
    entries: p.entries,
    counts: JSON.parse(p.counts) as Record<ListName, number>,
    overrides: p.overrides,
    sha256: p.sha256,
    publishedAt: p.publishedAt,
    publishedBy: p.publishedBy,
  };
}

function list(v: string): ListName {
  if (!isListName(v)) throw new Error(`stored list "${v}" is not a list name`);
  return v;
}

export function toPublicationEntryView(e: PublicationEntryRow): PublicationEntryView {
  return {
    publicationId: Number(e.publicationId),
    taxId: e.taxId,
    name: e.name,
    region: e.region,
    regionNameZh: e.region ? regionLabel(e.region, 'zh') : null,
    regionNameEn: e.region ? regionLabel(e.region, 'en') : null,
    roles: e.roles === '' ? [] : e.roles.split(',').filter(isEnterpriseRole),
    group: e.groupName,
    computedList: list(e.computedList),
    list: list(e.list),
    score: e.score,
    rules: e.rules === '' ? [] : e.rules.split(','),
    overrideId: e.overrideId,
    overrideReason: e.overrideReason,
    overrideExpiresOn: e.overrideExpiresOn,
  };
}

function frozenRow(e: EffectiveEntry): Omit<PublicationEntryRow, 'publicationId'> {
  return {
    taxId: e.taxId,
    name: e.name,
    region: e.region,
    roles: e.roles.join(','),
    groupName: e.group,
    computedList: e.computedList,
    list: e.list,
    score: e.score,
    rules: e.rules.join(','),
    overrideId: e.override?.id ?? null,
    overrideReason: e.override?.reason ?? null,
    overrideExpiresOn: e.override?.expiresOn ?? null,
  };
}

/**
 * SHA-256 of the frozen entries: canonical JSON of the run, the date and the entries in
 * taxpayer-ID order (whatever order a database returns them in), so that anyone holding the
 * entries can check them against the publication record.
 * @example publicationHash(3, '2013-11-01', await listPublicationEntries(db, 2)) === publication.sha256
 */
export function publicationHash(
  runId: number,
  asOf: string,
  rows: readonly Omit<PublicationEntryRow, 'publicationId'>[],
): string {
  const sorted = [...rows].sort((a, b) => (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0));
  const body = JSON.stringify([
    runId,
    asOf,
    sorted.map((r) => [
      r.taxId,
      r.name,
      r.region,
      r.roles,
      r.groupName,
      r.computedList,
      r.list,
      r.score,
      r.rules,
      r.overrideId,
      r.overrideReason,
      r.overrideExpiresOn,
    ]),
  ]);
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Publishes the run's lists as they stand (overrides in force on `asOf`, default today). Pending
 * requests do not count; publish again after they are decided.
 * @example const { value } = await publishList(store, analyst, { runId: 3, title: '2013年第三季度稀土企业名单' });
 */
export async function publishList(
  store: Store,
  actor: Actor,
  input: { runId: number; title?: string; asOf?: IsoDate },
): Promise<Outcome<PublicationView>> {
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  const asOf = input.asOf ?? todayCst();
  const title = (input.title ?? '').normalize('NFC').trim();
  if (title.length > 200)
    return fail('invalid', '标题不能超过 200 个字符', 'The title has at most 200 characters', 'title');
  // Managers read the whole country, so the list is complete.
  const effective = await getEffectiveList(store, actor, input.runId, { asOf });
  if (!effective.ok) return effective;
  const e = effective.value;
  const rows = [...e.entries].sort(compareEntries).map(frozenRow);
  const row = {
    runId: input.runId,
    title: title || `${e.run.periodFrom} → ${e.run.periodTo} (run ${input.runId})`,
    asOf,
    entries: rows.length,
    counts: JSON.stringify(e.counts),
    overrides: e.overridden,
    sha256: publicationHash(input.runId, asOf, rows),
    publishedAt: nowIso(),
    publishedBy: actor.username,
  };
  const id = await store.transaction(async (tx) => {
    await lockForDecision(tx);
    const id = await insertPublication(tx.db, row, rows);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'publication.create',
      subject: `publication:${id}`,
      details: { ...row, counts: e.counts },
    });
    return id;
  });
  return ok(toPublicationView({ id, ...row }));
}

/** Publications, newest first (their metadata is public to every signed-in reader). */
export async function listPublicationViews(
  store: Store,
  q: { runId?: number; limit: number; offset: number },
): Promise<Page<PublicationView>> {
  const { items, total } = await listPublications(store.db, q);
  return { items: items.map(toPublicationView), total, limit: q.limit, offset: q.offset };
}

export async function getPublicationView(store: Store, id: number): Promise<PublicationView | undefined> {
  const p = await getPublication(store.db, id);
  return p ? toPublicationView(p) : undefined;
}

const publicationNotFound = (id: number) => ({
  ok: false as const,
  error: notFound(`名单发布 ${id}`, `Publication ${id}`),
});

/** A publication's frozen entries in the actor's regions, optionally of one list. */
export async function listPublicationEntryViews(
  store: Store,
  actor: Actor,
  id: number,
  q: { list?: ListName; q?: string; limit: number; offset: number },
): Promise<Outcome<Page<PublicationEntryView>>> {
  if (!(await getPublication(store.db, id))) return publicationNotFound(id);
  const needle = q.q?.trim().toLowerCase();
  const all = (await listPublicationEntries(store.db, id))
    .filter((e) => isRegionVisible(actor, e.region))
    .map(toPublicationEntryView)
    .filter(
      (e) =>
        (q.list === undefined || e.list === q.list) &&
        (!needle || e.taxId.toLowerCase().includes(needle) || e.name.toLowerCase().includes(needle)),
    )
    .sort(compareEntries);
  return ok({
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  });
}

function exportRowOf(e: PublicationEntryView | EffectiveEntry): ListExportRow {
  return {
    taxId: e.taxId,
    name: e.name,
    region: e.region,
    roles: e.roles,
    group: e.group,
    computedList: e.computedList,
    list: e.list,
    score: e.score,
    rules: e.rules,
    overrideReason: 'override' in e ? (e.override?.reason ?? null) : e.overrideReason,
    overrideExpiresOn: 'override' in e ? (e.override?.expiresOn ?? null) : e.overrideExpiresOn,
  };
}

export interface ExportedFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly rows: number;
}

const CONTENT_TYPES: Readonly<Record<ListExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

async function auditExport(
  store: Store,
  actor: Actor,
  action: string,
  subject: string,
  details: Record<string, unknown>,
) {
  await store.transaction((tx) => appendAudit(tx, { actor: actor.username, action, subject, details }));
}

/**
 * A publication's frozen entries (in the actor's regions) as a file; the export is audited.
 * @example const file = unwrap(await exportPublication(store, actor, 2, 'xlsx', 'zh'));
 */
export async function exportPublication(
  store: Store,
  actor: Actor,
  id: number,
  format: ListExportFormat,
  lang: ReportLang,
): Promise<Outcome<ExportedFile>> {
  const entries = await listPublicationEntryViews(store, actor, id, {
    limit: Number.MAX_SAFE_INTEGER,
    offset: 0,
  });
  if (!entries.ok) return entries;
  const rows = entries.value.items.map(exportRowOf);
  const bytes = encodeListTable(rows, format, lang);
  await auditExport(store, actor, 'export.publication', `publication:${id}`, {
    format,
    lang,
    rows: rows.length,
    regions: actor.regions,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  return ok({
    fileName: `publication-${id}.${format}`,
    contentType: CONTENT_TYPES[format],
    bytes,
    rows: rows.length,
  });
}

/**
 * A run's lists with the overrides in force applied (in the actor's regions) as a file; audited.
 * @example const file = unwrap(await exportRunList(store, actor, 3, 'csv', 'en'));
 */
export async function exportRunList(
  store: Store,
  actor: Actor,
  runId: number,
  format: ListExportFormat,
  lang: ReportLang,
  options: { asOf?: IsoDate } = {},
): Promise<Outcome<ExportedFile>> {
  const effective = await getEffectiveList(store, actor, runId, options);
  if (!effective.ok) return effective;
  const rows = effective.value.entries.map(exportRowOf);
  const bytes = encodeListTable(rows, format, lang);
  await auditExport(store, actor, 'export.list', `run:${runId}`, {
    format,
    lang,
    rows: rows.length,
    asOf: effective.value.asOf,
    overridden: effective.value.overridden,
    regions: actor.regions,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  return ok({
    fileName: `run-${runId}-lists.${format}`,
    contentType: CONTENT_TYPES[format],
    bytes,
    rows: rows.length,
  });
}
