// The fixed vocabularies of campaigns, tasks and list governance (docs/campaigns.md), in the order
// the UI offers them. Written as records over the API's own types so that the compiler notices a
// value the server adds or drops.
import type {
  Campaign,
  LicenceAction,
  OverrideStatus,
  RegistrationItem,
  TaskKind,
  TaskStatus,
  ViolationKind,
} from '../api/types.ts';

function keysOf<K extends string>(record: Readonly<Record<K, true>>): readonly K[] {
  return Object.keys(record) as K[];
}

/** open → in_progress → findings_recorded → closed, one step at a time. */
export const TASK_STATUSES = keysOf<TaskStatus>({
  open: true,
  in_progress: true,
  findings_recorded: true,
  closed: true,
});

export const CAMPAIGN_STATUSES = keysOf<Campaign['status']>({ active: true, closed: true });

export const TASK_KINDS = keysOf<TaskKind>({
  onsite_inspection: true,
  document_request: true,
  desk_review: true,
  data_collection: true,
  routine_check: true,
});

export const VIOLATION_KINDS = keysOf<ViolationKind>({
  illegal_mining: true,
  over_quota: true,
  false_invoicing: true,
  unexplained_source: true,
  illegal_trading: true,
  environmental: true,
  record_keeping: true,
  none: true,
  other: true,
});

export const LICENCE_ACTIONS = keysOf<LicenceAction>({
  none: true,
  warning: true,
  rectification: true,
  suspension: true,
  revocation: true,
});

export const OVERRIDE_STATUSES = keysOf<OverrideStatus>({
  pending: true,
  approved: true,
  applied: true,
  rejected: true,
  withdrawn: true,
  superseded: true,
});

export type RegistrationState = RegistrationItem['status'];
export const REGISTRATION_STATES = keysOf<RegistrationState>({
  not_registered: true,
  registered: true,
  verified: true,
});

/** The next step of the task workflow, or null for a closed task. */
export function nextTaskStatus(status: TaskStatus): TaskStatus | null {
  const i = TASK_STATUSES.indexOf(status);
  return TASK_STATUSES[i + 1] ?? null;
}
