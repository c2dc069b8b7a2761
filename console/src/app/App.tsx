import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { queryClient, trpcClient, TRPCProvider } from './trpc.ts';
import { Layout } from './Layout.tsx';
// The landing route is in the entry: it only picks the role's home, which loads lazily.
import HomePage from '../pages/home/HomePage.tsx';

const OverviewPage = lazy(() => import('../pages/overview/OverviewPage.tsx'));
const BriefingPage = lazy(() => import('../pages/briefing/BriefingPage.tsx'));
const DependenciesPage = lazy(() => import('../pages/dependencies/DependenciesPage.tsx'));
const SystemsPage = lazy(() => import('../pages/systems/SystemsPage.tsx'));
const SystemPage = lazy(() => import('../pages/systems/SystemPage.tsx'));
const WavesPage = lazy(() => import('../pages/waves/WavesPage.tsx'));
const PlanPage = lazy(() => import('../pages/plan/PlanPage.tsx'));
const ClustersPage = lazy(() => import('../pages/clusters/ClustersPage.tsx'));
const TenantsPage = lazy(() => import('../pages/clusters/TenantsPage.tsx'));
const CapacityPage = lazy(() => import('../pages/capacity/CapacityPage.tsx'));
const QuotasPage = lazy(() => import('../pages/capacity/QuotasPage.tsx'));
const StacksPage = lazy(() => import('../pages/stacks/StacksPage.tsx'));
const TenantDriftPage = lazy(() => import('../pages/stacks/TenantDriftPage.tsx'));
const RequestsPage = lazy(() => import('../pages/requests/RequestsPage.tsx'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage.tsx'));
const UsersPage = lazy(() => import('../pages/users/UsersPage.tsx'));
const LoginPage = lazy(() => import('../pages/auth/LoginPage.tsx'));

const theme = createTheme({
  // Warning and info darkened from MUI's defaults so white text on them meets WCAG AA (4.5:1).
  palette: {
    primary: { main: '#0b4f9c' },
    secondary: { main: '#c62828' },
    warning: { main: '#b45309' },
    info: { main: '#01579b' },
  },
  typography: {
    fontFamily: '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Helvetica Neue",Arial,sans-serif',
  },
});

export function App() {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <BrowserRouter>
            <Suspense fallback={null}>
              <Routes>
                <Route path="briefing" element={<BriefingPage />} />
                <Route element={<Layout />}>
                  <Route index element={<HomePage />} />
                  <Route path="overview" element={<OverviewPage />} />
                  <Route path="dependencies" element={<DependenciesPage />} />
                  <Route path="systems" element={<SystemsPage />} />
                  <Route path="systems/:id" element={<SystemPage />} />
                  <Route path="waves" element={<WavesPage />} />
                  <Route path="plan" element={<PlanPage />} />
                  <Route path="clusters" element={<ClustersPage />} />
                  <Route path="tenants" element={<TenantsPage />} />
                  <Route path="capacity" element={<CapacityPage />} />
                  <Route path="quotas" element={<QuotasPage />} />
                  <Route path="stacks" element={<StacksPage />} />
                  <Route path="stacks/tenant/:namespace" element={<TenantDriftPage />} />
                  <Route path="requests" element={<RequestsPage />} />
                  <Route path="audit" element={<AuditPage />} />
                  <Route path="users" element={<UsersPage />} />
                  <Route path="login" element={<LoginPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </TRPCProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
