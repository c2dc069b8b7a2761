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
