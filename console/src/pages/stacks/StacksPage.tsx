// Operators' view of infrastructure as code: every stack of every backend, and where the live
// clusters differ from what the stacks declare.
import { Alert, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/table/DataTable.tsx';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useEvidenceText } from '../../app/evidence-text.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { SourceStatus } from '../../components/SourceStatus.tsx';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { useTechnicalDetail } from '../../app/session.ts';
import { DriftCause, useCauseText } from './DriftCause.tsx';

type Stacks = Outputs['stacks']['list'];
type Drift = Outputs['stacks']['drift'];

const RESULT_COLOR: Record<string, 'success' | 'error' | 'info' | 'default'> = {
  succeeded: 'success',
  failed: 'error',
  'in-progress': 'info',
  preview: 'default',
};

export function ResultChip({ result }: { result: string | null }) {
  const { t } = useTranslation();
  if (!result) return null;
  return (
    <Chip
      size="small"
      color={RESULT_COLOR[result] ?? 'default'}
      label={t(`stacks.result.${result}`, result)}
    />
  );
}

export default function StacksPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const stacks = useQuery(trpc.stacks.list.queryOptions());
  const drift = useQuery(trpc.stacks.drift.queryOptions());
  return (
    <Page title={t('stacks.title')}>
      <Loading query={stacks}>{(s) => <StackTable data={s} />}</Loading>
      <Loading query={drift}>{(d) => <DriftPanel data={d} />}</Loading>
    </Page>
  );
}

function StackTable({ data }: { data: Stacks }) {
  const { t } = useTranslation();
  const technical = useTechnicalDetail();
  const f = useFormat();
  if (!data.configured) return <Alert severity="info">{t('stacks.notConfigured')}</Alert>;
  return (
    <Panel title={t('stacks.stacks')} testId="stacks">
      <StaleNotice sources={data.sources} />
      <SourceStatus sources={data.sources} />
      <DataTable
        id="stacks"
        title={t('stacks.stacks')}
        rows={data.stacks}
        getRowId={(s) => `${s.backend}/${s.project}/${s.stack}`}
        getRowHeight={() => 'auto'}
        columns={[
          // The backend's address is the platform team's detail, not a leader's.
          ...(technical
            ? [{ field: 'backend', headerName: t('stacks.backend'), flex: 1, minWidth: 200 }]
            : []),
          {
            field: 'stack',
            headerName: t('stacks.stack'),
            flex: 1,
            minWidth: 160,
            valueGetter: (_v, s) => `${s.project}/${s.stack}`,
            renderCell: (p) => (
              <span data-testid={`stack-${p.row.project}-${p.row.stack}`}>{p.value as string}</span>
            ),
          },
          { field: 'resourceCount', headerName: t('stacks.resources'), type: 'number' },
          {
            field: 'updatedAt',
            headerName: t('stacks.updatedAt'),
            width: 170,
            valueFormatter: (v: string | null) => f.dateTime(v),
          },
          {
            field: 'state',
            headerName: t('stacks.state'),
            width: 130,
            valueGetter: (_v, s) => (s.inProgress ? 'in-progress' : (s.lastResult ?? '')),
            renderCell: (p) => (
              <Stack spacing={0.5} sx={{ py: 0.5 }}>
                <ResultChip result={p.row.inProgress ? 'in-progress' : p.row.lastResult} />
                {p.row.error && (
                  <Chip
                    size="small"
                    color="error"
                    variant="outlined"
                    data-testid="stack-refused"
                    label={t('stacks.refused')}
                    title={p.row.error}
                  />
                )}
              </Stack>
            ),
          },
          {
            field: 'error',
            headerName: t('stacks.problem'),
            flex: 1,
            minWidth: 200,
            valueGetter: (_v, s) => s.error ?? '',
            renderCell: (p) => (
              <Typography variant="caption" component="div" sx={{ whiteSpace: 'normal', py: 0.5 }}>
                {p.value as string}
              </Typography>
            ),
          },
          {
            field: 'history',
            headerName: t('stacks.history'),
            flex: 2,
            minWidth: 260,
            sortable: false,
            valueGetter: (_v, s) =>
              s.history
                .slice(0, 3)
                .map(
                  (h) =>
                    `${f.dateTime(h.startTime)} · ${t(`stacks.result.${h.result}`, h.result)}${h.message ? ` · ${h.message}` : ''}`,
                )
                .join('\n'),
            renderCell: (p) => (
              <Typography variant="caption" component="div" sx={{ whiteSpace: 'pre-line', py: 0.5 }}>
                {p.value as string}
              </Typography>
            ),
          },
        ]}
      />
    </Panel>
  );
}

function DriftPanel({ data }: { data: Drift }) {
  const { t } = useTranslation();
  const evidenceText = useEvidenceText();
  const causeText = useCauseText();
  if (!data.configured) return null;
  return (
    <Panel title={t('stacks.drift')} testId="drift">
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, my: 1 }}>
        {Object.entries(data.counts).map(([kind, n]) => (
          <Chip
            key={kind}
            size="small"
            color="warning"
            variant="outlined"
            label={`${t(`stacks.kind.${kind}`)} ${n}`}
            data-testid={`drift-count-${kind}`}
            data-count={n}
          />
        ))}
        {data.items.length === 0 && <Alert severity="success">{t('stacks.noDrift')}</Alert>}
      </Stack>
      <DataTable
        id="drift-items"
        title={t('stacks.drift')}
        rows={data.items.map((d, i) => ({ ...d, key: `${d.cluster ?? ''}/${d.namespace}/${d.kind}/${i}` }))}
        getRowId={(d) => d.key}
        getRowHeight={() => 'auto'}
        pageSize={100}
        columns={[
          {
            field: 'namespace',
            headerName: t('stacks.tenant'),
            flex: 1,
            minWidth: 200,
            valueGetter: (_v, d) => (d.cluster ? `${d.cluster}/${d.namespace}` : d.namespace),
            renderCell: (p) => (
              <span data-testid={`drift-${p.row.namespace}`} data-drift-kind={p.row.kind}>
                <Link to={`/stacks/tenant/${p.row.namespace}`}>{p.value as string}</Link>
              </span>
            ),
          },
          {
            field: 'kind',
            headerName: t('stacks.kindHeader'),
            width: 180,
            valueGetter: (_v, d) => t(`stacks.kind.${d.kind}`),
          },
          {
            field: 'detail',
            headerName: t('stacks.detail'),
            flex: 2,
            minWidth: 260,
            valueGetter: (_v, d) => evidenceText('blocker', { code: d.kind, params: d.params }),
          },
          {
            field: 'cause',
            headerName: t('stacks.cause.header'),
            flex: 1.5,
            minWidth: 220,
            valueGetter: (_v, d) => causeText(d.cause),
            renderCell: (p) => <DriftCause cause={p.row.cause} />,
          },
        ]}
      />
    </Panel>
  );
}
