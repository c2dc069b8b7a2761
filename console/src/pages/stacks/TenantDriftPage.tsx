// One tenant, declared next to live: quota per resource, network policies and role bindings, and
// the exact differences.
import { Alert, Grid, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useEvidenceText } from '../../app/evidence-text.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { DriftCause } from './DriftCause.tsx';

type Tenant = Outputs['stacks']['tenant'];

export default function TenantDriftPage() {
  const { t } = useTranslation();
  const { namespace = '' } = useParams();
  const trpc = useTRPC();
  const query = useQuery(trpc.stacks.tenant.queryOptions({ namespace }));
  return (
    <Page title={t('stacks.tenantTitle', { namespace })}>
      <Loading query={query}>{(x) => <TenantView x={x} />}</Loading>
    </Page>
  );
}

function TenantView({ x }: { x: Tenant }) {
  const { t } = useTranslation();
  const evidenceText = useEvidenceText();
  const f = useFormat();
  const quotaKeys = [
    ...new Set([...Object.keys(x.declared?.quota ?? {}), ...Object.keys(x.live?.quota ?? {})]),
  ];
  const fmt = (k: string, v: number | undefined) =>
    v === undefined ? '—' : k === 'memory' || k === 'storage' ? f.bytes(v) : f.num(v);
  const policyNames = [
    ...new Set([
      ...(x.declared?.networkPolicies ?? []).map((p) => p.name),
      ...(x.live?.networkPolicies ?? []).map((p) => p.name),
    ]),
  ].sort();
  const mark = (ok: boolean | null) => (ok === null ? '—' : ok ? '✓' : '✗');
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        {x.drift.length === 0 ? (
          <Alert severity="success">{t('stacks.noDrift')}</Alert>
        ) : (
          <Alert severity="warning" data-testid="tenant-drift">
            {x.drift.map((d, i) => (
              <div key={i} data-kind={d.kind}>
                {evidenceText('blocker', { code: d.kind, params: d.params })}
                <DriftCause cause={d.cause} />
              </div>
            ))}
          </Alert>
        )}
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Panel title={t('stacks.quota')}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell>{t('stacks.declared')}</TableCell>
                <TableCell>{t('stacks.live')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {quotaKeys.map((k) => {
                const d = x.declared?.quota?.[k as 'cpu'];
                const l = x.live?.quota?.[k as 'cpu'];
                return (
                  <TableRow
                    key={k}
                    data-testid={`quota-row-${k}`}
                    sx={d !== undefined && d !== l ? { bgcolor: 'warning.light' } : undefined}
                  >
                    <TableCell>{k}</TableCell>
                    <TableCell>{fmt(k, d)}</TableCell>
                    <TableCell>{fmt(k, l)}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Panel>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Panel title={t('stacks.policies')}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell>{t('stacks.declared')}</TableCell>
                <TableCell>{t('stacks.live')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {policyNames.map((name) => {
                const d = x.declared?.networkPolicies?.find((p) => p.name === name);
                const l = x.live?.networkPolicies.find((p) => p.name === name);
                return (
                  <TableRow key={name}>
                    <TableCell>{name}</TableCell>
                    <TableCell>{mark(x.declared?.networkPolicies ? !!d : null)}</TableCell>
                    <TableCell>
                      {l ? (d && d.digest !== l.digest ? t('stacks.changed') : '✓') : '✗'}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <Typography variant="subtitle2" sx={{ mt: 2 }}>
            {t('stacks.bindings')}
          </Typography>
          {(x.declared?.roleBindings ?? x.live?.roleBindings ?? []).map((b) => (
            <Typography key={b.name} variant="body2">
              {b.name}: {b.roleRef} → {b.subjects.join(', ')}{' '}
              {mark(!!x.live?.roleBindings.some((l) => l.name === b.name))}
            </Typography>
          ))}
        </Panel>
      </Grid>
    </Grid>
  );
}
