// Every page of the console, with the permission it needs: the navigation shows what the role may
// open, and a page opened by URL outside the role says so instead of loading data it cannot read.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
// The landing route is in the entry: it only picks the role's home, which loads lazily.
import HomePage from '../pages/home/HomePage.tsx';

type Page = ComponentType | LazyExoticComponent<ComponentType>;

export interface PageRoute {
  path: string;
  page: Page;
  /** What the viewer needs (the server's permission names; the server checks them again). */
  permission: string;
  /** Shown in the navigation under this key (pages reached from others are not). */
  nav?: string;
}

export const ROUTES: readonly PageRoute[] = [
  // Every role has a home (the auditor's is the audit trail): HomePage picks it.
  { path: '/', page: HomePage, permission: 'public', nav: 'home' },
  {
    path: '/overview',
    page: lazy(() => import('../pages/overview/OverviewPage.tsx')),
    permission: 'overview.read',
    nav: 'overview',
  },
  {
    path: '/systems',
    page: lazy(() => import('../pages/systems/SystemsPage.tsx')),
    permission: 'systems.read',
    nav: 'systems',
  },
  {
    path: '/systems/:id',
    page: lazy(() => import('../pages/systems/SystemPage.tsx')),
    permission: 'systems.read',
  },
  {
    path: '/waves',
    page: lazy(() => import('../pages/waves/WavesPage.tsx')),
    permission: 'waves.read',
    nav: 'waves',
  },
  {
    path: '/planning',
    page: lazy(() => import('../pages/planning/PlanningPage.tsx')),
    permission: 'planning.read',
    nav: 'planning',
  },
  {
    path: '/dependencies',
    page: lazy(() => import('../pages/dependencies/DependenciesPage.tsx')),
    permission: 'systems.read',
    nav: 'dependencies',
  },
  {
    path: '/clusters',
    page: lazy(() => import('../pages/clusters/ClustersPage.tsx')),
    permission: 'clusters.read',
    nav: 'clusters',
  },
  {
    path: '/tenants',
    page: lazy(() => import('../pages/clusters/TenantsPage.tsx')),
    permission: 'tenants.read',
    nav: 'tenants',
  },
  {
    path: '/capacity',
    page: lazy(() => import('../pages/capacity/CapacityPage.tsx')),
    permission: 'capacity.read',
    nav: 'capacity',
  },
  {
    path: '/quotas',
    page: lazy(() => import('../pages/capacity/QuotasPage.tsx')),
    permission: 'quotas.read',
    nav: 'quotas',
  },
  {
    path: '/stacks',
    page: lazy(() => import('../pages/stacks/StacksPage.tsx')),
    permission: 'stacks.read',
    nav: 'stacks',
  },
  {
    path: '/stacks/tenant/:namespace',
    page: lazy(() => import('../pages/stacks/TenantDriftPage.tsx')),
    permission: 'stacks.read',
  },
  {
    path: '/requests',
    page: lazy(() => import('../pages/requests/RequestsPage.tsx')),
    permission: 'requests.read',
    nav: 'requests',
  },
  {
    path: '/requests/:id',
    page: lazy(() => import('../pages/requests/RequestPage.tsx')),
    permission: 'requests.read',
  },
  {
    path: '/exceptions',
    page: lazy(() => import('../pages/exceptions/ExceptionsPage.tsx')),
    permission: 'systems.read',
    nav: 'exceptions',
  },
  {
    path: '/reclamation',
    page: lazy(() => import('../pages/reclamation/ReclamationsPage.tsx')),
    permission: 'reclamation.read',
    nav: 'reclamation',
  },
  {
    path: '/reclamation/:id',
    page: lazy(() => import('../pages/reclamation/ReclamationPage.tsx')),
    permission: 'reclamation.read',
  },
  {
    path: '/intake',
    page: lazy(() => import('../pages/intake/IntakePage.tsx')),
    permission: 'plan.intake',
    nav: 'intake',
  },
  {
    path: '/sync-tokens',
    page: lazy(() => import('../pages/sync/SyncTokensPage.tsx')),
    permission: 'sync.tokens',
    nav: 'syncTokens',
  },
  {
    path: '/scorecard',
    page: lazy(() => import('../pages/scorecard/ScorecardPage.tsx')),
    permission: 'scorecards.read',
    nav: 'scorecard',
  },
  {
    path: '/metering',
    page: lazy(() => import('../pages/metering/StatementsPage.tsx')),
    permission: 'metering.read',
    nav: 'metering',
  },
  {
    path: '/metering/:month/:department',
    page: lazy(() => import('../pages/metering/StatementPage.tsx')),
    permission: 'metering.read',
  },
  {
    path: '/audit',
    page: lazy(() => import('../pages/audit/AuditPage.tsx')),
    permission: 'audit.read',
    nav: 'audit',
  },
  {
    path: '/users',
    page: lazy(() => import('../pages/users/UsersPage.tsx')),
    permission: 'users.read',
    nav: 'users',
  },
  {
    path: '/staff',
    page: lazy(() => import('../pages/staff/StaffPage.tsx')),
    permission: 'staff.manage',
    nav: 'staff',
  },
  {
    path: '/plan',
    page: lazy(() => import('../pages/plan/PlanPage.tsx')),
    permission: 'plan.problems.read',
    nav: 'plan',
  },
  {
    path: '/glossary',
    page: lazy(() => import('../pages/glossary/GlossaryPage.tsx')),
    permission: 'public',
    nav: 'glossary',
  },
  {
    // Every role's own notification settings: reached from the bar (the bell), not the navigation.
    path: '/notifications',
    page: lazy(() => import('../pages/notifications/NotificationsPage.tsx')),
    permission: 'public',
  },
  { path: '/login', page: lazy(() => import('../pages/auth/LoginPage.tsx')), permission: 'public' },
];

export const BriefingPage = lazy(() => import('../pages/briefing/BriefingPage.tsx'));
