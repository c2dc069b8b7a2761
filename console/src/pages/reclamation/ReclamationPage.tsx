// One reclamation proposal (闲置资源回收): the evidence chart (each day's quantile of use ÷ request
// for CPU and memory against the idle share, dates on the axis), the figures the rule judged, the
// quota before and after, the deadline in working days, the answer and the decision, and the
// steps from the audit. The department accepts or contests here; the data bureau decides a contest.
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { TrendChart } from '../../components/capacity/TrendChart.tsx';
import {
  ActDialog,
  Deadline,
  quotaChange,
  ReclamationStateChip,
  type ReclamationAct,
  type ReclamationRow,
} from './ReclamationParts.tsx';

export default function ReclamationPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const id = Number(useParams().id);
  const q = useQuery(trpc.reclamation.get.queryOptions({ id }));
  const [acting, setActing] = useState<ReclamationAct | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const day = (ms: number) => f.date(new Date(ms - 1).toISOString());
  return (
    <Page title={t('reclamation.one', { id })}>
      <Loading query={q}>
        {(r) => {
          const name = r.systemName ? f.name(r.systemName) : r.system;
          const points = (k: 'cpu' | 'memory') => r.daily.map((d) => ({ t: d.at, v: d[k] ?? 0 }));
          const act = (a: ReclamationAct, variant: 'contained' | 'outlined' = 'outlined') => (
            <Button variant={variant} onClick={() => setActing(a)} data-testid={`reclamation-${a}`}>
              {t(`reclamation.acts.${a}.action`)}
            </Button>
          );
          return (
            <>
              <Panel testId="reclamation-summary">
                <Stack spacing={1}>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <Typography variant="h6">
                      {name} · {r.namespace}
                    </Typography>
                    <ReclamationStateChip row={r} />
                  </Stack>
                  <Typography variant="body2">
                    {t('reclamation.department')}:{' '}
                    {r.departmentName ? f.name(r.departmentName) : r.department} · {t(`network.${r.network}`)}
                  </Typography>
                  <Typography variant="body1" data-testid="reclamation-change">
                    {quotaChange(t, f, r)}
                  </Typography>
                  <Typography variant="body2" data-testid="reclamation-evidence">
                    {t('reclamation.evidence', {
                      quantile: f.num(r.window.quantile * 100),
                      days: f.num(r.window.days),
                      cpu: f.pct(r.reading.cpuShare),
                      memory: f.pct(r.reading.memoryShare),
                      share: f.pct(r.window.idleShare),
                      cpuUse: f.cores(r.reading.cpuUse),
                      memoryUse: f.bytes(r.reading.memoryUse),
                    })}
                  </Typography>
                  <Typography variant="body2">
                    {t('reclamation.contestBy')}: <Deadline row={r as ReclamationRow} />
                  </Typography>
                  {r.answeredBy && (
                    <Typography variant="body2" data-testid="reclamation-answer">
                      {t(r.answerReason ? 'reclamation.contestedNote' : 'reclamation.acceptedNote', {
                        by: r.answeredBy,
                        time: f.dateTime(r.answeredAt),
                        reason: r.answerReason ?? '',
                      })}
                    </Typography>
                  )}
                  {r.decidedBy && (
                    <Typography variant="body2" data-testid="reclamation-decision">
                      {t('reclamation.decidedNote', {
                        by: r.decidedBy,
                        time: f.dateTime(r.decidedAt),
                        comment: r.decisionComment ?? '',
                        outcome: t(`reclamation.states.${r.status}`),
                      })}
                    </Typography>
                  )}
                  {done && (
                    <Alert severity="success" onClose={() => setDone(null)} data-testid="reclamation-done">
                      {done}
                    </Alert>
                  )}
                  <Stack direction="row" spacing={1}>
                    {r.may.answer && act('accept', 'contained')}
                    {r.may.answer && act('contest')}
                    {r.may.decide && act('uphold', 'contained')}
                    {r.may.decide && act('withdraw')}
                  </Stack>
                </Stack>
              </Panel>
              <Panel testId="reclamation-chart">
                <TrendChart
                  testId="reclamation-trend"
                  title={t('reclamation.chartTitle', { quantile: f.num(r.window.quantile * 100) })}
                  format={(v) => f.pct(v)}
                  formatDate={day}
                  lines={[
                    { key: 'cpu', label: t('reclamation.cpu'), color: '#1565c0', points: points('cpu') },
                    {
                      key: 'memory',
                      label: t('reclamation.memory'),
                      color: '#6a1b9a',
                      points: points('memory'),
                    },
                    {
                      key: 'share',
                      label: t('reclamation.idleLine'),
                      color: '#c62828',
                      dashed: true,
                      points: r.daily.map((d) => ({ t: d.at, v: r.window.idleShare })),
                    },
                  ]}
                />
              </Panel>
              <Panel testId="reclamation-steps">
                <Typography variant="subtitle2">{t('reclamation.steps')}</Typography>
                {r.steps.map((s, i) => (
                  <Typography key={i} variant="body2">
                    {f.dateTime(s.at)} · {t(`reclamation.actions.${s.action.replace('reclamation.', '')}`)} ·{' '}
                    {s.actor}
                  </Typography>
                ))}
              </Panel>
              {acting && (
                <ActDialog
                  row={r as ReclamationRow}
                  act={acting}
                  onClose={() => setActing(null)}
                  onDone={(x) => {
                    setActing(null);
                    setDone(t(`reclamation.acts.${acting}.done`, { id: x.id }));
                  }}
                />
              )}
            </>
          );
        }}
      </Loading>
    </Page>
  );
}
