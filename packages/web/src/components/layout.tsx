// The frame of every signed-in screen: the header (user, role, regions, language, sign-out) and
// the navigation.
import type { ReactNode } from 'react';
import { useAuth, useIsManager, useMe } from '../lib/auth.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { LANGS, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh.ts';
import { V } from './ui.tsx';

interface NavItem {
  readonly to: string;
  readonly key: MessageKey;
  readonly match: (path: string) => boolean;
  readonly show?: (permissions: readonly string[], national: boolean, manager: boolean) => boolean;
}

const NAV: readonly NavItem[] = [
  { to: '/', key: 'nav.dashboard', match: (p) => p === '/' },
  {
    to: '/lists/black',
    key: 'nav.lists',
    match: (p) => p.startsWith('/lists') || p.startsWith('/enterprises'),
  },
  { to: '/invoices', key: 'nav.invoices', match: (p) => p.startsWith('/invoices') || p.startsWith('/lines') },
  { to: '/market', key: 'nav.market', match: (p) => p.startsWith('/market') },
  { to: '/runs', key: 'nav.runs', match: (p) => p.startsWith('/runs') },
  { to: '/policies', key: 'nav.policies', match: (p) => p.startsWith('/policies') },
  {
    to: '/imports',
    key: 'nav.imports',
    match: (p) => p.startsWith('/imports'),
    // Raw import data is national (regional readers are refused batches and rejects).
    show: (permissions, national) => national && permissions.includes('import'),
  },
  { to: '/campaigns', key: 'nav.campaigns', match: (p) => p.startsWith('/campaigns') },
  { to: '/tasks', key: 'nav.tasks', match: (p) => p.startsWith('/tasks') },
  { to: '/governance', key: 'nav.governance', match: (p) => p.startsWith('/governance') },
  // Reading the audit log is for administrators and analysts (docs/campaigns.md).
  {
    to: '/audit',
    key: 'nav.audit',
    match: (p) => p.startsWith('/audit'),
    show: (_p, _n, manager) => manager,
  },
];

export function Layout({ children }: { children: ReactNode }) {
  const { t, lang, setLang, pick } = useI18n();
  const me = useMe();
  const { signOut } = useAuth();
  const { path } = useLocation();
  const national = me.user.regions.length === 0;
  const manager = useIsManager();
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          {t('app.name')}
        </Link>
        <nav className="nav" aria-label={t('nav.label')}>
          {NAV.filter((n) => !n.show || n.show(me.permissions, national, manager)).map((n) => (
            <Link key={n.to} to={n.to} className={n.match(path) ? 'nav-item active' : 'nav-item'}>
              {t(n.key)}
            </Link>
          ))}
        </nav>
        <div className="who" data-testid="who">
          <span className="who-name">
            <V>{me.user.username}</V>
          </span>
          <span className="who-role">{t(`role.${me.user.role}`)}</span>
          <span className="who-regions" title={t('header.regions')}>
            {national
              ? t('header.national')
              : me.user.regions.map((r) => pick(r.nameZh, r.nameEn)).join(t('common.listSeparator'))}
          </span>
        </div>
        <div className="lang" role="group" aria-label={t('header.language')}>
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              className={l === lang ? 'lang-btn active' : 'lang-btn'}
              aria-pressed={l === lang}
              onClick={() => setLang(l)}
              data-lang-name=""
              data-testid={`lang-${l}`}
            >
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={() => void signOut()}
          data-testid="sign-out"
        >
          {t('header.signOut')}
        </button>
      </header>
      <main className="main">{children}</main>
    </div>
  );
}

/** A screen's title row. */
export function PageHead({
  title,
  sub,
  actions,
}: {
  title: ReactNode;
  sub?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {sub !== undefined && <div className="page-sub">{sub}</div>}
      </div>
      {actions !== undefined && <div className="page-actions">{actions}</div>}
    </div>
  );
}
