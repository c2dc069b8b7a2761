import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc.ts';

export function useSession() {
  const trpc = useTRPC();
  return useQuery(trpc.meta.session.queryOptions());
}

export function useCan() {
  const session = useSession();
  return (permission: string) => session.data?.permissions.includes(permission as never) ?? false;
}

/**
 * True for those who run the platform: they see sources' addresses and errors (a URL, a
 * directory). Leaders and departments read sources by name. The permission that shows plan and
 * source problems is the one that marks them.
 */
export function useTechnicalDetail(): boolean {
  return useCan()('plan.problems.read');
}
