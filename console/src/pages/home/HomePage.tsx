// Each role lands on the page that answers its first question: leaders on the cloud-wide
// dashboard, operators on what needs doing, departments on their own systems and requests.
import { lazy } from 'react';
import { Navigate } from 'react-router';
import { useSession } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';

const LeaderHome = lazy(() => import('./LeaderHome.tsx'));
const OperatorHome = lazy(() => import('./OperatorHome.tsx'));
const DepartmentHome = lazy(() => import('./DepartmentHome.tsx'));

export default function HomePage() {
  const session = useSession();
  return (
    <Loading query={session}>
      {(s) => {
        const role = s.viewer?.role;
        if (!role) return <Navigate to="/login" replace />;
        if (role === 'auditor') return <Navigate to="/audit" replace />;
        if (role === 'operator') return <OperatorHome />;
        if (role === 'department') return <DepartmentHome />;
        return <LeaderHome />;
      }}
    </Loading>
  );
}
