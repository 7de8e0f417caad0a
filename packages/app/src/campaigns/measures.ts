// What each list means in a campaign (inspection.md §7), editable per campaign: the task a list
// entry gets (if any), its deadline in days, and the measures written on it. The defaults are the
// default policy's measures with black → on-site inspection within 30 days and grey → a document
// request within 15 days; white and unrated get no task unless a campaign says so.
import type { ListName, MeasureText } from '@oresight/core/inspect';
import { DEFAULT_POLICY, LIST_NAMES } from '@oresight/core/inspect';
import type { Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';

export const TASK_KINDS = [
  'onsite_inspection',
  'document_request',
  'desk_review',
  'data_collection',
  'routine_check',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_KIND_LABELS: Readonly<Record<TaskKind, MeasureText>> = {
  onsite_inspection: { zh: '现场检查', en: 'On-site inspection' },
  document_request: { zh: '调取资料', en: 'Document request' },
  desk_review: { zh: '书面审查', en: 'Desk review' },
  data_collection: { zh: '补充采集数据', en: 'Data collection' },
  routine_check: { zh: '例行检查', en: 'Routine check' },
};

export function isTaskKind(value: string): value is TaskKind {
  return (TASK_KINDS as readonly string[]).includes(value);
}

export interface ListMeasure {
  /** The task an entry of this list gets; null: none. */
  readonly task: TaskKind | null;
  /** Days from the generation date to the task's deadline. */
  readonly dueDays: number;
  readonly measures: readonly MeasureText[];
}

export type CampaignMeasures = Readonly<Record<ListName, ListMeasure>>;

/** inspection.md §7 with the default policy's wording. */
export const DEFAULT_CAMPAIGN_MEASURES: CampaignMeasures = {
  black: { task: 'onsite_inspection', dueDays: 30, measures: DEFAULT_POLICY.measures.black },
  grey: { task: 'document_request', dueDays: 15, measures: DEFAULT_POLICY.measures.grey },
  white: { task: null, dueDays: 365, measures: DEFAULT_POLICY.measures.white },
  unrated: { task: null, dueDays: 30, measures: DEFAULT_POLICY.measures.unrated },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks measures given by a user (a whole set or some lists of it, merged over `base`); every
 * problem is named by its path (`grey.dueDays: …`).
 * @example parseCampaignMeasures({ grey: { dueDays: 10 } }).ok // true
 */
export function parseCampaignMeasures(
  input: unknown,
  base: CampaignMeasures = DEFAULT_CAMPAIGN_MEASURES,
): Outcome<CampaignMeasures> {
  const errors: string[] = [];
  const out: Record<ListName, ListMeasure> = { ...base };
  if (!isRecord(input))
    errors.push('measures: must be an object keyed by list (black, grey, white, unrated)');
  else
    for (const [key, value] of Object.entries(input)) {
      const list = LIST_NAMES.find((l) => l === key);
      if (!list) {
        errors.push(`${key}: not a list (use black, grey, white, unrated)`);
        continue;
      }
      if (!isRecord(value)) {
        errors.push(`${key}: must be an object { task, dueDays, measures }`);
        continue;
      }
      const prev = out[list];
      let task = prev.task;
      let dueDays = prev.dueDays;
      let measures = prev.measures;
      for (const field of Object.keys(value))
        if (!['task', 'dueDays', 'measures'].includes(field)) errors.push(`${key}.${field}: unknown field`);
      if ('task' in value) {
        const t = value.task;
        if (t === null) task = null;
        else if (typeof t === 'string' && isTaskKind(t)) task = t;
        else errors.push(`${key}.task: must be null or one of ${TASK_KINDS.join(', ')}`);
      }
      if ('dueDays' in value) {
        const d = value.dueDays;
        if (typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 3650) dueDays = d;
        else errors.push(`${key}.dueDays: must be a whole number of days from 1 to 3650`);
      }
      if ('measures' in value) {
        const m = value.measures;
        if (!Array.isArray(m) || m.length > 20)
          errors.push(`${key}.measures: must be a list of at most 20 { zh, en }`);
        else {
          const texts: MeasureText[] = [];
          m.forEach((item: unknown, i) => {
            if (
              isRecord(item) &&
              typeof item.zh === 'string' &&
              typeof item.en === 'string' &&
              item.zh.trim() !== '' &&
              item.en.trim() !== '' &&
              item.zh.length <= 500 &&
              item.en.length <= 500 &&
              Object.keys(item).length === 2
            )
              texts.push({ zh: item.zh.trim(), en: item.en.trim() });
            else
              errors.push(
                `${key}.measures[${i}]: must be { zh, en }, both non-empty, at most 500 characters`,
              );
          });
          measures = texts;
        }
      }
      out[list] = { task, dueDays, measures };
    }
  if (errors.length > 0)
    return {
      ok: false,
      error: {
        code: 'invalid',
        zh: '分类处置措施无效',
        en: `The measures are invalid: ${errors.join('; ')}`,
        field: 'measures',
        details: errors,
      },
    };
  return ok(out);
}

/** Reads measures stored by this module (a malformed stored value is a bug: it throws). */
export function readStoredMeasures(text: string): CampaignMeasures {
  const parsed = parseCampaignMeasures(JSON.parse(text) as unknown);
  if (!parsed.ok) throw new Error(`stored campaign measures are invalid: ${parsed.error.en}`);
  return parsed.value;
}
