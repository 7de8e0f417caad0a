/** Enterprise roles along the rare earth chain (domain.md §1). One enterprise may hold several. */
export const ENTERPRISE_ROLES = [
  'mining',
  'separation',
  'metal',
  'recycling',
  'trading',
  'user',
  'export',
] as const;
export type EnterpriseRole = (typeof ENTERPRISE_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<EnterpriseRole, { zh: string; en: string }>> = {
  mining: { zh: '开采', en: 'Mining' },
  separation: { zh: '冶炼分离', en: 'Smelting & separation' },
  metal: { zh: '金属冶炼', en: 'Metal smelting' },
  recycling: { zh: '综合利用', en: 'Recycling' },
  trading: { zh: '贸易', en: 'Trading' },
  user: { zh: '下游应用', en: 'Downstream user' },
  export: { zh: '出口', en: 'Export' },
};

const ROLE_ALIASES: ReadonlyMap<string, EnterpriseRole> = new Map<string, EnterpriseRole>([
  ...ENTERPRISE_ROLES.map((r) => [r, r] as [string, EnterpriseRole]),
  ...ENTERPRISE_ROLES.map((r) => [ROLE_LABELS[r].zh, r] as [string, EnterpriseRole]),
  ['采矿', 'mining'],
  ['矿山', 'mining'],
  ['冶炼', 'separation'],
  ['分离', 'separation'],
  ['冶炼分离企业', 'separation'],
  ['金属', 'metal'],
  ['回收', 'recycling'],
  ['资源综合利用', 'recycling'],
  ['trader', 'trading'],
  ['trade', 'trading'],
  ['贸易商', 'trading'],
  ['应用', 'user'],
  ['下游', 'user'],
  ['users', 'user'],
  ['exporter', 'export'],
]);

/**
 * Parses one role name, Chinese or English, case-insensitively.
 * @example parseRole('冶炼分离') // 'separation'
 */
export function parseRole(text: string): EnterpriseRole | undefined {
  return ROLE_ALIASES.get(text.trim().toLowerCase());
}

/**
 * Parses a role list separated by `;` `；` `、` `,` `，` or `/`.
 * @example parseRoles('开采、冶炼分离') // { roles: ['mining', 'separation'], unknown: [] }
 */
export function parseRoles(text: string): { roles: EnterpriseRole[]; unknown: string[] } {
  const roles: EnterpriseRole[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[;；、,，/|]/)) {
    const name = part.trim();
    if (name === '') continue;
    const role = parseRole(name);
    if (role === undefined) unknown.push(name);
    else if (!roles.includes(role)) roles.push(role);
  }
  return { roles, unknown };
}

/** Type guard for a canonical role id. */
export function isEnterpriseRole(value: string): value is EnterpriseRole {
  return (ENTERPRISE_ROLES as readonly string[]).includes(value);
}
