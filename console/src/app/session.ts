import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc.ts';

export function useSession() {
  const trpc = useTRPC();
  return useQuery(trpc.meta.session.queryOptions());
}

/**
 * The server's policy (meta.policy): each permission's roles, who grants roles, and which roles
 * take an organisation unit, must have one, or are kept to one network. Never a console copy.
 */
export function usePolicy() {
  const trpc = useTRPC();
  return useQuery(trpc.meta.policy.queryOptions(undefined, { staleTime: Infinity }));
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
