// Appeals against a published list (issue 7): an enterprise contests its entry in a publication;
// an administrator or analyst decides it upheld or dismissed, with a note. The publication itself
// stays frozen: an upheld appeal is acted on by an override and a new publication.
import type { IsoDate } from '@oresight/core/domain';
import { dayNumberOf, normalizeTaxId, regionLabel } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import type { AppealRow, Store } from '@oresight/store';
import {
  appendAudit,
  getAppeal,
  getPublication,
  insertAppeal,
  listAppeals,
  listPublicationEntries,
  nowIso,
  updateAppeal,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import { isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import {
  MANAGERS_ONLY,
  READ_ONLY,
  canWork,
  isManager,
  lockForDecision,
  todayCst,
} from '../campaigns/access.ts';
import { isListName } from './overrides.ts';

export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
export type AppealStatus = 'pending' | AppealOutcome;

export interface AppealView {
  readonly id: number;
  readonly publicationId: number;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  /** The published list the enterprise appeals against. */
  readonly list: ListName;
  readonly filedOn: IsoDate;
  readonly grounds: string;
  readonly status: AppealStatus;
  readonly outcomeNote: string | null;
  readonly filedBy: string;
  readonly filedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

type Entry = { name: string; region: string | null; list: string };

function toAppealView(a: AppealRow, e: Entry): AppealView {
  return {
    id: Number(a.id),
    publicationId: Number(a.publicationId),
    taxId: a.taxId,
    name: e.name,
    region: e.region,
    regionNameZh: e.region ? regionLabel(e.region, 'zh') : null,
    regionNameEn: e.region ? regionLabel(e.region, 'en') : null,
    list: isListName(e.list) ? e.list : 'unrated',
    filedOn: a.filedOn,
    grounds: a.grounds,
    status: a.status === 'upheld' || a.status === 'dismissed' ? a.status : 'pending',
    outcomeNote: a.outcomeNote,
    filedBy: a.filedBy,
    filedAt: a.filedAt,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
  };
}

async function entryOf(store: Store, publicationId: number, taxId: string): Promise<Entry | undefined> {
  return (await listPublicationEntries(store.db, publicationId)).find((e) => e.taxId === taxId);
}

/**
 * Records an enterprise's appeal against its entry in a publication.
 * @example await fileAppeal(store, inspector, 2, { taxId: '9115…', filedOn: '2013-12-02', grounds: '库存系2012年合法购入' });
 */
export async function fileAppeal(
  store: Store,
  actor: Actor,
  publicationId: number,
  input: { taxId: string; filedOn?: string; grounds: string },
): Promise<Outcome<AppealView>> {
  const taxId = normalizeTaxId(input.taxId);
  const publication = await getPublication(store.db, publicationId);
  const entry = publication ? await entryOf(store, publicationId, taxId) : undefined;
  if (!publication || !entry || !isRegionVisible(actor, entry.region))
    return {
      ok: false,
      error: notFound(
        `名单发布 ${publicationId} 中的企业 ${taxId}`,
        `Enterprise ${taxId} in publication ${publicationId}`,
      ),
    };
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  const filedOn = input.filedOn ?? todayCst();
  // Judged against the publication's own date (asOf), which may be historical.
  if (dayNumberOf(filedOn) === undefined || filedOn < publication.asOf)
    return fail(
      'invalid',
      `申诉日期须为不早于名单日期（${publication.asOf}）的有效日期`,
      `filedOn must be a date on or after the publication's date (${publication.asOf})`,
      'filedOn',
    );
  const grounds = input.grounds.normalize('NFC').trim();
  if (grounds.length < 5 || grounds.length > 5000)
    return fail(
      'invalid',
      '请写明申诉理由（5–5000 字）',
      'Give the grounds of the appeal (5–5,000 characters)',
      'grounds',
    );
  const result = await store.transaction(async (tx): Promise<Outcome<AppealRow>> => {
    await lockForDecision(tx);
    const pending = await listAppeals(tx.db, { publicationId, taxId, status: 'pending' });
    if (pending.length > 0)
      return fail(
        'conflict',
        `该企业对此次发布已有待处理的申诉（${pending[0]?.id}）`,
        `An appeal by this enterprise against this publication is already pending (appeal ${pending[0]?.id})`,
      );
    const row = {
      publicationId,
      taxId,
      filedOn,
      grounds,
      status: 'pending',
      outcomeNote: null,
      filedBy: actor.username,
      filedAt: nowIso(),
      decidedBy: null,
      decidedAt: null,
    };
    const id = await insertAppeal(tx.db, row);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'appeal.file',
      subject: `appeal:${id}`,
      details: { publicationId, taxId, list: entry.list, filedOn, grounds },
    });
    return ok({ id, ...row });
  });
  return result.ok ? ok(toAppealView(result.value, entry)) : result;
}

/**
 * Decides a pending appeal: upheld or dismissed, with a note (administrators and analysts).
 * @example await decideAppeal(store, analyst, 4, { outcome: 'dismissed', note: '证据不足' });
 */
export async function decideAppeal(
  store: Store,
  actor: Actor,
  id: number,
  input: { outcome: string; note: string },
): Promise<Outcome<AppealView>> {
  const a = await getAppeal(store.db, id);
  const entry = a ? await entryOf(store, Number(a.publicationId), a.taxId) : undefined;
  if (!a || !entry || !isRegionVisible(actor, entry.region))
    return { ok: false, error: notFound(`申诉 ${id}`, `Appeal ${id}`) };
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  if (!(APPEAL_OUTCOMES as readonly string[]).includes(input.outcome))
    return fail(
      'invalid',
      '结果须为 upheld（成立）或 dismissed（驳回）',
      'The outcome is upheld or dismissed',
      'outcome',
    );
  const note = input.note.normalize('NFC').trim();
  if (note.length < 2 || note.length > 5000)
    return fail('invalid', '请写明处理意见', 'Give a note on the decision (2–5,000 characters)', 'note');
  const result = await store.transaction(async (tx): Promise<Outcome<AppealRow>> => {
    await lockForDecision(tx);
    const fresh = await getAppeal(tx.db, id);
    if (!fresh || fresh.status !== 'pending')
      return fail('conflict', '该申诉已处理', `Appeal ${id} is already decided`);
    const changes = {
      status: input.outcome,
      outcomeNote: note,
      decidedBy: actor.username,
      decidedAt: nowIso(),
    };
    await updateAppeal(tx.db, id, changes);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'appeal.decide',
      subject: `appeal:${id}`,
      details: { publicationId: fresh.publicationId, taxId: fresh.taxId, outcome: input.outcome, note },
    });
    return ok({ ...fresh, ...changes });
  });
  return result.ok ? ok(toAppealView(result.value, entry)) : result;
}

/** Appeals the actor may see (their enterprises lie in the actor's regions), oldest first. */
export async function listAppealViews(
  store: Store,
  actor: Actor,
  q: { publicationId?: number; taxId?: string; status?: AppealStatus; limit: number; offset: number },
): Promise<Page<AppealView>> {
  const rows = await listAppeals(store.db, {
    ...(q.publicationId !== undefined ? { publicationId: q.publicationId } : {}),
    ...(q.taxId !== undefined ? { taxId: q.taxId } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
  });
  const entries = new Map<string, Entry>();
  const out: AppealView[] = [];
  for (const a of rows) {
    const key = `${a.publicationId}\u0000${a.taxId}`;
    let e = entries.get(key);
    if (!e) {
      e = await entryOf(store, Number(a.publicationId), a.taxId);
      if (e) entries.set(key, e);
    }
    if (e && isRegionVisible(actor, e.region)) out.push(toAppealView(a, e));
  }
  return {
    items: out.slice(q.offset, q.offset + q.limit),
    total: out.length,
    limit: q.limit,
    offset: q.offset,
  };
}

/** One appeal, or undefined when absent or outside the actor's regions. */
export async function getAppealView(store: Store, actor: Actor, id: number): Promise<AppealView | undefined> {
  const a = await getAppeal(store.db, id);
  const e = a ? await entryOf(store, Number(a.publicationId), a.taxId) : undefined;
  return a && e && isRegionVisible(actor, e.region) ? toAppealView(a, e) : undefined;
}
