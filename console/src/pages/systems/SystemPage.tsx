import {
  Alert,
  Box,
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Stack,
  Step,
  StepContent,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { OutsideScope } from '../../app/PageGuard.tsx';
import { useFormat } from '../../app/format.ts';
import { useEvidenceText } from '../../app/evidence-text.ts';
import { Loading } from '../../components/Loading.tsx';
import { WorkflowPanel } from './WorkflowPanel.tsx';
import { BackupPanel } from './BackupPanel.tsx';
import { ExceptionPanel } from './ExceptionPanel.tsx';
import { DataSyncPanel } from './DataSyncPanel.tsx';
import { ReadinessPanel } from './ReadinessPanel.tsx';
import { Panel } from '../../components/Panel.tsx';
import { HealthChip, StageChip } from '../../components/chips.tsx';

type System = Outputs['systems']['get'];

export default function SystemPage() {
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const { t } = useTranslation();
  const query = useQuery(trpc.systems.get.queryOptions({ id }, { retry: false }));
  if (query.error?.data?.code === 'NOT_FOUND') return <OutsideScope what={t('system.notFound')} />;
  return <Loading query={query}>{(s) => <SystemView s={s} />}</Loading>;
}

function SystemView({ s }: { s: System }) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = useEvidenceText();
  const steps = [
    ...s.evidence.map((e) => ({ e, done: true })),
    ...(s.waitingFor ? [{ e: s.waitingFor, done: false }] : []),
  ];
  return (
    <Stack spacing={2}>
      <Link to="/systems">← {t('system.back')}</Link>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h2" data-testid="system-name">
          {f.name(s.plan.name)}
        </Typography>
        <span data-testid="system-stage" data-stage={s.stage}>
          <StageChip stage={s.stage} />
        </span>
        <HealthChip health={s.health} />
        {s.plan.classified && <Chip size="small" color="error" label={t('system.classified')} />}
        {s.exception && (
          <Chip
            size="small"
            color="info"
            variant="outlined"
            label={t('exception.chip', { date: f.date(s.exception.until) })}
            data-testid="system-exception"
          />
        )}
        <Typography variant="body2" color="text.secondary">
          {s.id} · {f.name(s.departmentName)} · {t(`network.${s.network}`)}
        </Typography>
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Panel title={t('system.timeline')}>
            <Stepper orientation="vertical" activeStep={s.evidence.length} data-testid="timeline">
              {steps.map(({ e, done }) => (
                <Step key={`${e.stage}-${done}`} completed={done} expanded>
                  <StepLabel
                    optional={
                      <Typography variant="caption">
                        {done ? f.dateTime(e.observedAt) : t('system.waitingFor')}
                      </Typography>
                    }
                  >
                    {t(`stage.${e.stage}`)}
                  </StepLabel>
                  <StepContent>
                    <Typography
                      variant="body2"
                      color={done ? 'text.primary' : 'text.secondary'}
                      data-testid={`evidence-${e.stage}`}
                    >
                      <Chip
                        size="small"
                        variant="outlined"
                        label={t(`evidenceSource.${e.source}`)}
                        sx={{ mr: 1, height: 20 }}
                      />
                      {text('evidence', e)}
                    </Typography>
                  </StepContent>
                </Step>
              ))}
            </Stepper>
          </Panel>
          <Panel sx={{ mt: 2 }} title={t('system.history')}>
            <List dense data-testid="history">
              {[...s.history].reverse().map((h, i) => (
                <ListItem key={i} disableGutters>
                  <ListItemText
                    primary={`${h.from ? t(`stage.${h.from}`) : '—'} → ${t(`stage.${h.to}`)}`}
                    secondary={f.dateTime(h.at)}
                  />
                </ListItem>
              ))}
            </List>
          </Panel>
          <DataSyncPanel system={s.id} />
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Panel title={t('system.blockers')}>
            {s.blockers.length === 0 ? (
              <Typography variant="body2">{t('system.noBlockers')}</Typography>
            ) : (
              s.blockers.map((b, i) => (
                <Alert
                  key={i}
                  severity={b.kind === 'compliance' ? 'error' : 'warning'}
                  sx={{ my: 1 }}
                  data-testid={`blocker-${b.code}`}
                >
                  {text('blocker', b)}
                </Alert>
              ))
            )}
          </Panel>
          <WorkflowPanel system={s.id} />
          <BackupPanel backups={s.backups} />
          <ExceptionPanel s={s} />
          <ReadinessPanel system={s.id} />
          <Panel sx={{ mt: 2 }} title={t('system.plan')}>
            <Table size="small">
              <TableBody>
                <TableRow>
                  <TableCell>{t('system.strategy')}</TableCell>
                  <TableCell>{t(`strategy.${s.plan.strategy}`)}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell>{t('systems.wave')}</TableCell>
                  <TableCell>
                    {s.plan.wave} · {f.date(s.plan.start)} → {f.date(s.plan.cutover)}
                  </TableCell>
                </TableRow>
                <TableRow>
                  <TableCell>{t('system.mlps')}</TableCell>
                  <TableCell>
                    {s.plan.mlps.level}
                    {s.plan.mlps.filing ? ` · ${t('system.filing')} ${s.plan.mlps.filing}` : ''}
                  </TableCell>
                </TableRow>
                <TableRow>
                  <TableCell>{t('system.resources')}</TableCell>
                  <TableCell>
                    {f.num(s.plan.resources.cpu)} vCPU · {f.num(s.plan.resources.memoryGiB)} GiB ·{' '}
                    {f.num(s.plan.resources.storageGiB)} GiB
                  </TableCell>
                </TableRow>
                <TableRow>
                  <TableCell>{t('system.currentSite')}</TableCell>
                  <TableCell>{s.plan.currentSite.name}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell>{t('system.tenants')}</TableCell>
                  <TableCell>
                    {s.tenants.map((x) => `${x.cluster}/${x.namespace}`).join(', ') || '—'}
                  </TableCell>
                </TableRow>
              </TableBody>
            </Table>
          </Panel>
          <Panel sx={{ mt: 2 }} title={t('system.dependencies')}>
            <DependencyList items={s.dependsOn} own={s.network} />
            <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
              {t('system.dependents')}
            </Typography>
            <DependencyList items={s.dependents} own={s.network} />
          </Panel>
        </Grid>
      </Grid>
    </Stack>
  );
}

function DependencyList({
  items,
  own,
}: {
  items: {
    id: string;
    name: { zh: string; en: string } | null;
    network: string | null;
    stage: string | null;
    channel?: string | null;
  }[];
  own: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!items.length) return <Typography variant="body2">—</Typography>;
  return (
    <Box component="ul" sx={{ pl: 2, m: 0 }}>
      {items.map((d) => (
        <li key={d.id}>
          <Link to={`/systems/${d.id}`}>{f.name(d.name)}</Link> {d.stage && <StageChip stage={d.stage} />}{' '}
          {d.network && d.network !== own && (
            <Chip
              size="small"
              color="warning"
              label={`${t('system.crossNetwork')}${d.channel ? ` · ${t('system.channel')}: ${d.channel}` : ''}`}
            />
          )}
        </li>
      ))}
    </Box>
  );
}
