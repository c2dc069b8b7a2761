// The console's only link to the server: the AppRouter type.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@yunqian/server/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import i18n from './i18n.ts';

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const queryClient = new QueryClient({
  // Changes arrive as live events (LiveUpdates); the slow poll only backs up a stream that is down.
  defaultOptions: { queries: { staleTime: 5_000, refetchInterval: 60_000, retry: 1 } },
});

/** The CSRF token the server set in a readable cookie; every call echoes it in a header. */
export function csrfToken(): string {
  const m = /(?:^|;\s*)yq-csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : '';
}

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      // Server-sent events: same-origin, so the session cookie goes with them.
      true: httpSubscriptionLink({ url: '/trpc' }),
      // The server writes its messages (refused input) in the console's language.
      false: httpBatchLink({
        url: '/trpc',
        headers: () => ({ 'x-csrf-token': csrfToken(), 'accept-language': i18n.language }),
      }),
    }),
  ],
});
