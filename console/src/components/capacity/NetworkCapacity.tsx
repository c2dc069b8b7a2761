// Capacity per network at a glance: CPU and memory commitment, headroom, and when the plan runs
// the network out. Used on the leader's home page and in the printed briefing.
import { Alert, Grid, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../Panel.tsx';
import { StaleNotice } from '../StaleNotice.tsx';
import { ResourceBars } from './ResourceBars.tsx';

export function NetworkCapacity({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.capacity.overview.queryOptions());
  if (!data?.configured) return null;
  return (
    <Stack spacing={1} data-testid="network-capacity">
      <StaleNotice sources={data.sources} />
      <Grid container spacing={2}>
        {data.networks.map((n) => (
          <Grid key={n.network} size={{ xs: 12, md: 6 }}>
            <Panel title={t(`network.${n.network}`)} testId={`home-capacity-${n.network}`}>
              <Stack spacing={1}>
                <ResourceBars
                  figures={n.figures}
                  testId={`home-capacity-${n.network}`}
                  reserved="requested"
                />
                <Typography variant="body2">
                  {t('capacity.headroom')}:{' '}
                  {t('capacity.cores', { value: f.cores(n.figures.cpu.headroom ?? 0) })} ·{' '}
                  {f.bytes(n.figures.memory.headroom ?? 0)}
                </Typography>
                <Alert
                  severity={n.runOut.date ? 'warning' : 'success'}
                  data-testid={`home-runout-${n.network}`}
                  data-date={n.runOut.date ?? ''}
                  sx={compact ? { py: 0 } : undefined}
                >
                  {n.runOut.date
                    ? t('home.runsOut', {
                        date: f.date(n.runOut.date),
                        resource: t(`capacity.${n.runOut.resource}`),
                      })
                    : t('capacity.fits')}
                </Alert>
              </Stack>
            </Panel>
          </Grid>
        ))}
      </Grid>
    </Stack>
  );
}
