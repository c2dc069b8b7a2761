// Keeps the console current: each live event patches the cached lists it affects with the rows it
// carries (live-cache.ts) and refetches only the small aggregates. Events carry their
// durable id: after a dropped stream the client reconnects with the last id it received (to any
// replica) and gets what it missed; only a `hello` (a new stream, or one away too long) refetches
// everything shown.
import { Chip, Tooltip } from '@mui/material';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from './session.ts';
import { useTRPC, type Outputs } from './trpc.ts';
import {
  applyRequest,
  applySystemRows,
  patchEach,
  refetchFromNow,
  type LiveCacheKeys,
} from './live-cache.ts';
import { useFormat } from './format.ts';
import { useState } from 'react';

export function LiveUpdates() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const [lastEventAt, setLastEventAt] = useState<string | null>(null);
  const fetching = useIsFetching();
  const sub = useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      enabled: can('live.read'),
      onData: ({ data: e }) => {
        setLastEventAt(new Date().toISOString());
        // Asked for after the event, even where an answer is already on its way (live-cache.ts).
        const refetch = (...filters: { queryKey: readonly unknown[] }[]) =>
          filters.forEach((filter) => refetchFromNow(queryClient, filter));
        const workflowsFor = (system: string) => ({
          queryKey: trpc.workflows.forSystem.queryKey({ system }),
        });
        const keys: LiveCacheKeys = {
          systemsList: trpc.systems.list.pathKey(),
          systemsGet: (id) => trpc.systems.get.queryKey({ id }),
          dependencies: trpc.systems.dependencies.pathKey(),
          requestsList: trpc.requests.list.pathKey(),
        };
        switch (e.kind) {
          case 'hello':
            refetchFromNow(queryClient, {});
            break;
          case 'stages':
            // The totals and to-do lists first: nothing in patching the lists can hold them back.
            refetch(trpc.overview.pathFilter(), trpc.waves.pathFilter(), trpc.systems.todo.pathFilter());
            // Too many changes to carry (a plan reload): the lists are fetched again.
            if (e.systems === null) refetch(trpc.systems.pathFilter(), trpc.workflows.pathFilter());
            else {
              applySystemRows(queryClient, keys, e.systems);
              for (const c of e.changes) refetch(workflowsFor(c.system));
            }
            break;
          case 'workflows':
            refetch(trpc.overview.pathFilter(), trpc.waves.pathFilter(), trpc.systems.todo.pathFilter());
            applySystemRows(queryClient, keys, e.systems);
            refetch(workflowsFor(e.system), { queryKey: keys.systemsGet(e.system) });
            break;
          case 'sources':
            patchEach<Outputs['overview']['get']>(queryClient, trpc.overview.get.queryKey(), (o) => ({
              ...o,
              sources: e.sources,
            }));
            refetch(trpc.clusters.pathFilter(), trpc.meta.pathFilter());
            break;
          case 'requests':
            applyRequest(queryClient, keys, e.request);
            // The counts by status and SLA are the server's to add up, and what this viewer may
            // do to the request at its new step the server's to say: a request's page asks again,
            // and so does the queue of those who act in it (accept, review).
            refetch(
              trpc.overview.pathFilter(),
              can('requests.decide') ? trpc.requests.pathFilter() : trpc.requests.get.pathFilter(),
            );
            break;
        }
      },
    }),
  );
  if (!can('live.read')) return null;
  const live = sub.status === 'pending';
  return (
    <Tooltip title={lastEventAt ? t('live.lastEvent', { time: f.dateTime(lastEventAt) }) : t('live.none')}>
      <Chip
        size="small"
        data-testid="live-status"
        data-state={live ? 'live' : 'reconnecting'}
        // Whether this page has heard its stream yet (the first message says what to fetch again).
        data-heard={lastEventAt ? 'yes' : 'no'}
        // How many answers are on their way (a fetch an event asked for starts as the one before ends).
        data-fetching={fetching}
        label={live ? t('live.on') : t('live.reconnecting')}
        color={live ? 'success' : 'warning'}
        sx={{ bgcolor: live ? 'success.dark' : 'warning.dark', color: 'common.white' }}
      />
    </Tooltip>
  );
}
