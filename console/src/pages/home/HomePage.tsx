// Each role lands on the page that answers its first question: leaders on the cloud-wide
// dashboard, operators on what needs doing, departments on their own systems and requests.
import { lazy } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../app/trpc.ts';
import { Navigate } from 'react-router';
import { useSession } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';

const LeaderHome = lazy(() => import('./LeaderHome.tsx'));
const OperatorHome = lazy(() => import('./OperatorHome.tsx'));
const DepartmentHome = lazy(() => import('./DepartmentHome.tsx'));

export default function HomePage() {
  const session = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const role = session.data?.viewer?.role;
  // Ask for the figures while the home page's code is still loading, not after.
  if (role === 'leader' || role === 'admin' || role === 'department' || role === 'evaluator')
    void queryClient.prefetchQuery(trpc.overview.get.queryOptions());
  return (
    <Loading query={session}>
      {(s) => {
        const role = s.viewer?.role;
        if (!role) return <Navigate to="/login" replace />;
        // The audit and security administrators read no systems: each lands on their own page.
        if (role === 'auditor') return <Navigate to="/audit" replace />;
        if (role === 'security') return <Navigate to="/users" replace />;
        // A department administrator's first question is its unit's staff.
        if (role === 'department-admin') return <Navigate to="/staff" replace />;
        if (role === 'operator') return <OperatorHome />;
        if (role === 'department') return <DepartmentHome />;
        return <LeaderHome />;
      }}
    </Loading>
  );
}
