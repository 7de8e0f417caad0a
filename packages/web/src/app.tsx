// The app: language, sign-in gate, routes.
import type { ReactNode } from 'react';
import { Layout } from './components/layout.tsx';
import { Loading } from './components/ui.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import { AuthProvider, useAuth } from './lib/auth.tsx';
import { matchPath, useLocation } from './lib/router.tsx';
import { ComparePage } from './pages/compare.page.tsx';
import { DashboardPage } from './pages/dashboard.page.tsx';
import { DossierPage } from './pages/dossier.page.tsx';
import { ImportsPage } from './pages/imports.page.tsx';
import { BatchPage } from './pages/batch.page.tsx';
import { AuditPage } from './pages/audit.page.tsx';
import { CampaignPage } from './pages/campaign.page.tsx';
import { CampaignsPage } from './pages/campaigns.page.tsx';
import { GovernancePage } from './pages/governance.page.tsx';
import { TaskPage } from './pages/task.page.tsx';
import { TasksPage } from './pages/tasks.page.tsx';
import { InvoicesPage } from './pages/invoices.page.tsx';
import { LinePage } from './pages/line.page.tsx';
import { ListsPage } from './pages/lists.page.tsx';
import { MarketPage } from './pages/market.page.tsx';
import { NotFoundPage } from './pages/not-found.page.tsx';
import { PoliciesPage } from './pages/policies.page.tsx';
import { RunsPage } from './pages/runs.page.tsx';
import { SignInPage } from './pages/sign-in.page.tsx';

type Route = readonly [pattern: string, render: (params: Record<string, string>) => ReactNode];

const ROUTES: readonly Route[] = [
  ['/', () => <DashboardPage />],
  ['/lists/:list', (p) => <ListsPage list={p.list ?? 'black'} />],
  ['/lists', () => <ListsPage list="black" />],
  ['/enterprises/:taxId', (p) => <DossierPage taxId={p.taxId ?? ''} />],
  ['/invoices', () => <InvoicesPage />],
  ['/lines/:id', (p) => <LinePage id={Number(p.id)} />],
  ['/market', () => <MarketPage />],
  ['/imports', () => <ImportsPage />],
  ['/imports/batches/:id', (p) => <BatchPage id={Number(p.id)} />],
  ['/policies', () => <PoliciesPage />],
  ['/runs', () => <RunsPage />],
  ['/runs/compare', () => <ComparePage />],
  ['/campaigns', () => <CampaignsPage />],
  ['/campaigns/:id', (p) => <CampaignPage id={Number(p.id)} />],
  ['/tasks', () => <TasksPage />],
  ['/tasks/:id', (p) => <TaskPage id={Number(p.id)} />],
  ['/governance', () => <GovernancePage />],
  ['/audit', () => <AuditPage />],
];

function Routes() {
  const { path } = useLocation();
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return <NotFoundPage />;
}

function Gate() {
  const { state } = useAuth();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') return <SignInPage />;
  return (
    <Layout>
      <Routes />
    </Layout>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </I18nProvider>
  );
}
