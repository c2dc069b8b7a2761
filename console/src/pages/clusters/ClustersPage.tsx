import { Chip, Grid, Stack, Table, TableBody, TableCell, TableRow, Tooltip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { UnassignedPanel } from './UnassignedPanel.tsx';

type Cluster = Outputs['clusters']['list'][number];

export default function ClustersPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const can = useCan();
  const query = useQuery(trpc.clusters.list.queryOptions());
  return (
    <Page title={t('clusters.title')}>
      <Loading query={query}>
        {(clusters) => (
          <Stack spacing={3}>
            {(['internal', 'external'] as const).map((network) => (
              <Stack key={network} spacing={1} data-testid={`network-${network}`}>
                <Typography variant="h6" component="h3">
                  {t(`network.${network}`)}
                </Typography>
                <Grid container spacing={2}>
                  {clusters
                    .filter((c) => c.network === network)
                    .map((c) => (
                      <Grid key={c.id} size={{ xs: 12, md: 6 }}>
                        <ClusterCard c={c} />
                      </Grid>
                    ))}
                </Grid>
              </Stack>
            ))}
          </Stack>
        )}
      </Loading>
      {can('namespaces.assign') && <UnassignedPanel />}
    </Page>
  );
}

function ClusterCard({ c }: { c: Cluster }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = c.status?.state ?? 'connecting';
  return (
    <Panel
      testId={`cluster-${c.id}`}
      title={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <span>{f.name(c.name)}</span>
          <Tooltip title={c.status?.error ?? ''}>
            <Chip
              size="small"
              data-state={state}
              color={state === 'synced' ? 'success' : state === 'connecting' ? 'default' : 'warning'}
              label={t(`source.${state}`)}
            />
          </Tooltip>
        </Stack>
      }
    >
      <Typography variant="caption" color="text.secondary">
        {c.id} · {t('clusters.maxMlps')} {t('clusters.level', { level: c.maxMlps })}
      </Typography>
      <Table size="small">
        <TableBody>
          <TableRow>
            <TableCell>{t('clusters.lastSync')}</TableCell>
            <TableCell data-testid={`cluster-${c.id}-last-sync`}>
              {f.dateTime(c.status?.lastSyncedAt)}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t('clusters.nodes')}</TableCell>
            <TableCell>{t('clusters.readyNodes', { ready: c.readyNodes, total: c.nodes })}</TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t('clusters.allocatable')}</TableCell>
            <TableCell>
              {t('clusters.cpu', { value: f.cores(c.allocatable.cpu) })} · {f.bytes(c.allocatable.memory)} ·{' '}
              {f.num(c.allocatable.pods)} {t('clusters.pods')}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t('clusters.tenants')}</TableCell>
            <TableCell>
              <Link to={`/tenants?cluster=${c.id}`} data-testid={`cluster-${c.id}-tenants`}>
                {f.num(c.tenants)}
              </Link>
              {c.unassigned > 0 && ` · ${t('clusters.unassigned')} ${f.num(c.unassigned)}`}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </Panel>
  );
}
