// A department's quotas: per network and per system, the quota (hard), what is reserved of it
// (used) and what is really in use.
import { Alert, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
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
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('quotas.system')}</TableCell>
                      <TableCell>{t('quotas.tenant')}</TableCell>
                      <TableCell sx={{ width: '45%' }}>{t('quotas.bars')}</TableCell>
                      <TableCell align="right">{t('capacity.efficiency')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {q.systems.map((s) => (
                      <TableRow key={`${s.cluster}/${s.namespace}`} data-testid={`quota-${s.system}`}>
                        <TableCell>
                          <Link to={`/systems/${s.system}`}>{f.name(s.name)}</Link>
                        </TableCell>
                        <TableCell>
                          {t(`network.${s.network}`)} · {s.cluster}/{s.namespace}
                        </TableCell>
                        <TableCell>
                          <ResourceBars
                            figures={s.figures}
                            testId={`quota-${s.system}`}
                            reserved="quotaUsed"
                          />
                        </TableCell>
                        <TableCell align="right">{f.pct(s.figures.cpu.efficiency)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Panel>
            </Stack>
          )
        }
      </Loading>
    </Page>
  );
}
