// Who may do what (issue 5). Roles are fixed; an inspector (and optionally a viewer) is scoped to
// regions: province (xx0000) or city (xxyy00) codes of GB/T 2260.
import { getRegion } from '@oresight/core/domain';

export const USER_ROLES = ['admin', 'analyst', 'inspector', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_ROLE_LABELS: Readonly<Record<UserRole, { zh: string; en: string }>> = {
  admin: { zh: '管理员', en: 'Administrator' },
  analyst: { zh: '分析员', en: 'Analyst' },
  inspector: { zh: '稽查员', en: 'Inspector' },
  viewer: { zh: '只读用户', en: 'Viewer' },
};

/** Type guard for a role name. */
export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

/**
 * What a signed-in user can do, beyond reading:
 * - `users`: manage users and their tokens (admin);
 * - `import`: upload data (admin, analyst);
 * - `inspect`: run inspections, edit policies (admin, analyst).
 * Reading is allowed to every role, within the user's regions when they have any.
 */
export type Permission = 'users' | 'import' | 'inspect';

const PERMISSIONS: Readonly<Record<UserRole, readonly Permission[]>> = {
  admin: ['users', 'import', 'inspect'],
  analyst: ['import', 'inspect'],
  inspector: [],
  viewer: [],
};

/** The signed-in user as the use cases see it. */
export interface Actor {
  readonly id: number;
  readonly username: string;
  readonly role: UserRole;
  /** Region codes the user is limited to; empty = the whole country. */
  readonly regions: readonly string[];
}

/**
 * True when the actor's role carries the permission.
 * @example can({ role: 'viewer', … }, 'import') // false
 */
export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return PERMISSIONS[actor.role].includes(permission);
}

/**
 * Why a region code cannot scope a user, or undefined when it can: it must be a shipped province
 * (`xx0000`) or city (`xxyy00`) code; county codes are too fine for a bureau's jurisdiction.
 * @example regionCodeProblem('150000') // undefined (Inner Mongolia)
 */
export function regionCodeProblem(code: string): { zh: string; en: string } | undefined {
  const region = /^\d{6}$/.test(code) ? getRegion(code) : undefined;
  if (!region || region.code !== code)
    return {
      zh: `无效的行政区划代码 "${code}"：请使用省级（如 150000）或市级（如 150200）代码`,
      en: `Invalid region code "${code}": use a province (e.g. 150000) or city (e.g. 150200) code`,
    };
  return undefined;
}

/** Stored form of a region list ('' = none). */
export function joinRegions(regions: readonly string[]): string {
  return [...new Set(regions)].sort().join(',');
}

export function splitRegions(stored: string): string[] {
  return stored === '' ? [] : stored.split(',');
}
