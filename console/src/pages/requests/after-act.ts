// After an act on a request: every request query is read again (the list, the page, the pools),
// then the dialog closes.
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../app/trpc.ts';

export function useAfterAct(then: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
      then();
    },
  };
}
