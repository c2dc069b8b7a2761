import {
  Alert,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Panel.tsx';

type Tenant = Outputs['clusters']['tenants'][number];

/** Namespaces across clusters and networks: quotas, workloads and network-policy status. */
export default function TenantsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const cluster = params.get('cluster');
  const query = useQuery(
    trpc.clusters.tenants.queryOptions({
      department: params.get('department') ?? undefined,
      system: params.get('system') ?? undefined,
    }),
  );
  return (
    <Page title={t('tenants.title')}>
      <Loading query={query}>
        {(all) => {
          const rows = cluster ? all.filter((x) => x.cluster === cluster) : all;
          if (!rows.length) return <Typography>{t('tenants.none')}</Typography>;
          return (
            <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: '75vh' }}>
              <Table size="small" stickyHeader aria-label={t('tenants.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('tenants.namespace')}</TableCell>
                    <TableCell>{t('tenants.cluster')}</TableCell>
                    <TableCell>{t('tenants.department')}</TableCell>
                    <TableCell>{t('tenants.system')}</TableCell>
                    <TableCell>{t('tenants.quota')}</TableCell>
                    <TableCell>{t('tenants.workloads')}</TableCell>
                    <TableCell>{t('tenants.policies')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((x) => (
                    <TenantRow key={`${x.cluster}/${x.namespace}`} x={x} />
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          );
        }}
      </Loading>
    </Page>
  );
}

function TenantRow({ x }: { x: Tenant }) {
  const { t } = useTranslation();
  const f = useFormat();
  const desired = x.workloads.reduce((n, w) => n + w.desired, 0);
  const ready = x.workloads.reduce((n, w) => n + Math.min(w.ready, w.desired), 0);
  const lacking = [
    !x.defaultDeny.ingress && 'ingress',
    x.network === 'internal' && !x.defaultDeny.egress && 'egress',
  ]
    .filter(Boolean)
    .join(' + ');
  return (
    <TableRow data-testid={`tenant-${x.namespace}`}>
      <TableCell>
        {x.namespace}
        {x.stale && (
          <Alert severity="warning" sx={{ py: 0 }} data-testid="stale-marker">
            {t('tenants.stale', { time: f.dateTime(x.stale.lastSyncedAt) })}
          </Alert>
        )}
      </TableCell>
      <TableCell>
        {x.cluster} · {t(`network.${x.network}`)}
      </TableCell>
      <TableCell>{x.departmentName ? f.name(x.departmentName) : x.department}</TableCell>
      <TableCell>
        {x.system ? (
          <Link to={`/systems/${x.system}`}>{x.systemName ? f.name(x.systemName) : x.system}</Link>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        {x.quota ? (
          <Stack>
            {x.quota.hard.cpu !== undefined && (
              <Typography variant="body2">
                CPU {f.cores(x.quota.used.cpu ?? 0)} / {f.cores(x.quota.hard.cpu)}
              </Typography>
            )}
            {x.quota.hard.memory !== undefined && (
              <Typography variant="body2">
                {t('clusters.memory')} {f.bytes(x.quota.used.memory ?? 0)} / {f.bytes(x.quota.hard.memory)}
              </Typography>
            )}
          </Stack>
        ) : (
          t('tenants.noQuota')
        )}
      </TableCell>
      <TableCell>
        {f.num(ready)} / {f.num(desired)}
      </TableCell>
      <TableCell>
        <Stack direction="row" spacing={0.5}>
          {lacking ? (
            <Chip size="small" color="error" label={t('tenants.missing', { what: lacking })} />
          ) : (
            <Chip size="small" color="success" label={t('tenants.defaultDeny')} />
          )}
          {x.limitRanges === 0 && <Chip size="small" color="warning" label={t('tenants.noLimitRange')} />}
        </Stack>
      </TableCell>
    </TableRow>
  );
}
