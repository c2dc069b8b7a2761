// A department's quotas: per network and per system, the quota (hard), what is reserved of it
// (used) and what is really in use.
import { Alert, Box, Grid, Stack } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/table/DataTable.tsx';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { ResourceBars } from '../../components/capacity/ResourceBars.tsx';

export default function QuotasPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.capacity.quotas.queryOptions());
  return (
    <Page title={t('quotas.title')}>
      <Loading query={query}>
        {(q) =>
          !q.configured ? (
            <Alert severity="info">{t('capacity.notConfigured')}</Alert>
          ) : (
            <Stack spacing={2}>
              <StaleNotice sources={q.sources} />
              <Grid container spacing={2}>
                {q.byNetwork.map((n) => (
                  <Grid key={n.network} size={{ xs: 12, md: 6 }}>
                    <Panel title={t(`network.${n.network}`)} testId={`quota-network-${n.network}`}>
                      <ResourceBars figures={n.figures} testId={`quota-${n.network}`} reserved="quotaUsed" />
                    </Panel>
                  </Grid>
                ))}
              </Grid>
              <Panel title={t('quotas.systems')}>
                <DataTable
                  id="quotas"
                  title={t('quotas.systems')}
                  rows={q.systems}
                  getRowId={(s) => `${s.cluster}/${s.namespace}`}
                  getRowHeight={() => 'auto'}
                  columns={[
                    {
                      field: 'name',
                      headerName: t('quotas.system'),
                      flex: 1,
                      minWidth: 160,
                      valueGetter: (_v, s) => f.name(s.name),
                      renderCell: (p) => (
                        <Link to={`/systems/${p.row.system}`} data-quota-row={p.row.system}>
                          {p.value as string}
                        </Link>
                      ),
                    },
                    {
                      field: 'tenant',
                      headerName: t('quotas.tenant'),
                      flex: 1,
                      minWidth: 180,
                      valueGetter: (_v, s) => `${t(`network.${s.network}`)} · ${s.cluster}/${s.namespace}`,
                    },
                    {
                      field: 'bars',
                      headerName: t('quotas.bars'),
                      flex: 2,
                      minWidth: 280,
                      sortable: false,
                      disableExport: true,
                      renderCell: (p) => (
                        <Box sx={{ py: 1, width: '100%' }}>
                          <ResourceBars
                            figures={p.row.figures}
                            testId={`quota-${p.row.system}`}
                            reserved="quotaUsed"
                          />
                        </Box>
                      ),
                    },
                    {
                      field: 'efficiency',
                      headerName: t('capacity.efficiency'),
                      type: 'number',
                      valueGetter: (_v, s) => s.figures.cpu.efficiency,
                      valueFormatter: (v: number | null) => f.pct(v),
                    },
                  ]}
                />
              </Panel>
            </Stack>
          )
        }
      </Loading>
    </Page>
  );
}
