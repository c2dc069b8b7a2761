// Keeps the console current: each live event refetches the queries it affects. Events carry their
// durable id: after a dropped stream the client reconnects with the last id it received (to any
// replica) and gets what it missed; only a `hello` (a new stream, or one away too long) refetches
// everything shown.
import { Chip, Tooltip } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from './session.ts';
import { useTRPC } from './trpc.ts';
import { useFormat } from './format.ts';
import { useState } from 'react';

export function LiveUpdates() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const [lastEventAt, setLastEventAt] = useState<string | null>(null);
  const sub = useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      enabled: can('live.read'),
      onData: ({ data: e }) => {
        setLastEventAt(new Date().toISOString());
        const refetch = (...filters: { queryKey: readonly unknown[] }[]) =>
          filters.forEach((filter) => void queryClient.invalidateQueries(filter));
        switch (e.kind) {
          case 'hello':
            void queryClient.invalidateQueries();
            break;
          case 'stages':
          case 'workflows':
            refetch(
              trpc.overview.pathFilter(),
              trpc.systems.pathFilter(),
              trpc.waves.pathFilter(),
              trpc.workflows.pathFilter(),
            );
            break;
          case 'sources':
            refetch(trpc.overview.pathFilter(), trpc.clusters.pathFilter(), trpc.meta.pathFilter());
            break;
          case 'requests':
            refetch(trpc.requests.pathFilter(), trpc.overview.pathFilter());
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
        label={live ? t('live.on') : t('live.reconnecting')}
        color={live ? 'success' : 'warning'}
        sx={{ bgcolor: live ? 'success.dark' : 'warning.dark', color: 'common.white' }}
      />
    </Tooltip>
  );
}
