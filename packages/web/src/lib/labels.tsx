// Names of domain things in the reader's language: enterprise roles, groups and regions (from
// core's vocabulary, which carries both languages), rules, flags and signals (the dictionary).
import {
  ELEMENT_NAMES,
  ENTERPRISE_ROLES,
  GROUPS,
  REGIONS,
  isElement,
  regionLabel,
} from '@oresight/core/domain';
import type { EnterpriseRole } from '@oresight/core/domain';
import type { I18n } from '../i18n/i18n.tsx';
import { V } from '../components/ui.tsx';

export { ENTERPRISE_ROLES };
export type { EnterpriseRole };

/** The registered groups (ids as the registry stores them). */
export const GROUP_IDS: readonly string[] = GROUPS.map((g) => g.id);

/** Provinces, for region filters. */
export const PROVINCES = REGIONS.filter((r) => r.level === 'province');

export function roleText(i18n: I18n, role: string): string {
  return i18n.tMaybe(`erole.${role}`) ?? role;
}

export function rolesText(i18n: I18n, roles: readonly string[]): string {
  return roles.map((r) => roleText(i18n, r)).join(i18n.t('common.listSeparator'));
}

/** A group's name: the shipped group's in the reader's language, else the stored text (data). */
export function GroupName({ i18n, group }: { i18n: I18n; group: string | null | undefined }) {
  if (!group) return <>{i18n.t('common.noGroup')}</>;
  const g = GROUPS.find((x) => x.id === group);
  if (g) return <>{i18n.pick(g.nameZh, g.nameEn)}</>;
  return <V>{group}</V>;
}

export function groupText(i18n: I18n, group: string | null | undefined): string {
  if (!group) return i18n.t('common.noGroup');
  const g = GROUPS.find((x) => x.id === group);
  return g ? i18n.pick(g.nameZh, g.nameEn) : group;
}

/** A region's name (province, prefecture) from its code; unknown codes show as the code. */
export function regionText(i18n: I18n, code: string | null | undefined): string {
  if (!code) return i18n.t('common.unknownRegion');
  return regionLabel(code, i18n.lang);
}

export function RegionName({ i18n, code }: { i18n: I18n; code: string | null | undefined }) {
  const text = regionText(i18n, code);
  // A code no region table knows is data, not a name.
  return code && text === code ? <V>{code}</V> : <>{text}</>;
}

export function ruleText(i18n: I18n, rule: string): string {
  return i18n.tMaybe(`rule.${rule}`) ?? rule;
}

export function RuleName({ i18n, rule }: { i18n: I18n; rule: string }) {
  const text = i18n.tMaybe(`rule.${rule}`);
  return text === undefined ? <V>{rule}</V> : <>{text}</>;
}

export function flagText(i18n: I18n, flag: string): string {
  return i18n.tMaybe(`flag.${flag}`) ?? flag;
}

export function flagExplain(i18n: I18n, flag: string): string | undefined {
  return i18n.tMaybe(`flagHelp.${flag}`);
}

/** An element's name and symbol: 镝 Dy / dysprosium (Dy). */
export function elementText(i18n: I18n, el: string): string {
  if (!isElement(el)) return el;
  const name = ELEMENT_NAMES[el];
  return i18n.lang === 'zh' ? `${name.zh} ${el}` : `${name.en} (${el})`;
}

export function isEnterpriseRole(v: string): v is EnterpriseRole {
  return (ENTERPRISE_ROLES as readonly string[]).includes(v);
}

/** A signal's name; element signals (`elements.Dy.soldKg`) as the element and the quantity. */
export function signalText(i18n: I18n, name: string): string {
  const m = /^elements\.(\w+)\.(\w+)$/.exec(name);
  if (m)
    return `${elementText(i18n, m[1] as string)} ${i18n.tMaybe(`elementSignal.${m[2] as string}`) ?? (m[2] as string)}`;
  return i18n.tMaybe(`signal.${name}`) ?? name;
}

/** An audit action in words (`task.status` → "任务状态变更"); unknown actions as written. */
export function AuditActionName({ i18n, action }: { i18n: I18n; action: string }) {
  const text = i18n.tMaybe(`auditAction.${action}`);
  return text === undefined ? <V>{action}</V> : <>{text}</>;
}
