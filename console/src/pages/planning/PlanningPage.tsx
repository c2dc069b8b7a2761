// 迁移规划 / Migration planning (#24): the plan as it stands (run-out per network, violations,
// forecast against each target), what-ifs of systems moved to other waves or dates, and the
// automatic proposal, each with its patch to the plan's YAML for review. Everything shown is the
// server's; the console only collects the moves.
import {
  Alert,
  Button,
  Grid,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useCan } from '../../app/session.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { MoveForm, type DraftMove } from './MoveForm.tsx';
import { RunOuts, Targets, Violations } from './PlanningAnalysis.tsx';
import { PlanDiff } from './PlanDiff.tsx';
import { ProposalPanel } from './ProposalPanel.tsx';

export default function PlanningPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const planner = can('planning.plan');
  const [moves, setMoves] = useState<DraftMove[]>([]);
  const current = useQuery(trpc.planning.current.queryOptions());
  const input = {
    moves: moves.map(({ system, wave, start, cutover, network }) => ({
      system,
      wave,
      start,
      cutover,
      network,
    })),
  };
  const options = {
    enabled: planner && moves.length > 0,
    placeholderData: keepPreviousData,
    refetchInterval: false as const,
  };
  const whatIf = useQuery(trpc.planning.whatIf.queryOptions(input, options));
  const patch = useQuery(trpc.planning.patch.queryOptions(input, options));
  return (
    <Page title={t('planning.title')}>
      <Loading query={current}>
        {(c) => (
          <Stack spacing={2}>
            <Alert severity="info" data-testid="planning-readiness">
              {t('planning.readiness.assessed', { n: f.num(c.readinessAssessed) })}
            </Alert>
            {planner && (
              <Panel title={t('planning.move.title')} testId="planning-moves">
                <Typography variant="body2" color="text.secondary">
                  {t('planning.move.explain')}
                </Typography>
                <MoveForm
                  waves={c.waves}
                  onAdd={(m) => setMoves((ms) => [...ms.filter((x) => x.system !== m.system), m])}
                />
                {moves.length > 0 && (
                  <Table size="small" sx={{ mt: 1 }}>
                    <TableBody>
                      {moves.map((m) => {
                        const resolved = whatIf.data?.moves.find((x) => x.system === m.system);
                        return (
                          <TableRow key={m.system} data-testid={`move-${m.system}`}>
                            <TableCell>{m.label}</TableCell>
                            <TableCell>
                              {resolved
                                ? t('planning.move.fromTo', {
                                    fromNetwork: t(`network.${resolved.from.network}`),
                                    toNetwork: t(`network.${resolved.to.network}`),
                                    fromWave: resolved.from.wave,
                                    fromCutover: f.date(resolved.from.cutover),
                                    toWave: resolved.to.wave,
                                    toStart: f.date(resolved.to.start),
                                    toCutover: f.date(resolved.to.cutover),
                                  })
                                : '…'}
                            </TableCell>
                            <TableCell>{resolved && t(`planning.readiness.${resolved.readiness}`)}</TableCell>
                            <TableCell align="right">
                              <IconButton
                                size="small"
                                aria-label={t('planning.move.remove')}
                                onClick={() => setMoves((ms) => ms.filter((x) => x.system !== m.system))}
                              >
                                ×
                              </IconButton>
                            </TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                )}
                {moves.length > 0 && (
                  <Button sx={{ mt: 1 }} onClick={() => setMoves([])}>
                    {t('planning.move.clear')}
                  </Button>
                )}
              </Panel>
            )}
            {moves.length > 0 ? (
              <Loading query={whatIf}>
                {(w) => (
                  <Grid container spacing={2}>
                    <Grid size={{ xs: 12, lg: 6 }}>
                      <RunOuts before={w.before.networks} after={w.after.networks} />
                    </Grid>
                    <Grid size={{ xs: 12, lg: 6 }}>
                      <Targets before={w.before.targets} after={w.after.targets} />
                    </Grid>
                    <Grid size={{ xs: 12, lg: 6 }}>
                      <Violations
                        title={t('planning.violation.introduced')}
                        violations={w.introduced}
                        severity="error"
                        testId="planning-introduced"
                      />
                    </Grid>
                    <Grid size={{ xs: 12, lg: 6 }}>
                      <Violations
                        title={t('planning.violation.resolved')}
                        violations={w.resolved}
                        severity="success"
                        testId="planning-resolved"
                      />
                    </Grid>
                    <Grid size={12}>
                      <Loading query={patch}>
                        {(p) => <PlanDiff patch={p} name={`plan-whatif-${w.today}.diff`} />}
                      </Loading>
                    </Grid>
                  </Grid>
                )}
              </Loading>
            ) : (
              <Grid container spacing={2}>
                <Grid size={{ xs: 12, lg: 6 }}>
                  <RunOuts before={c.networks} />
                </Grid>
                <Grid size={{ xs: 12, lg: 6 }}>
                  <Targets before={c.targets} />
                </Grid>
                <Grid size={12}>
                  <Violations
                    title={t('planning.violation.inPlan')}
                    violations={c.violations}
                    severity="warning"
                    testId="planning-violations"
                  />
                </Grid>
              </Grid>
            )}
            {planner && <ProposalPanel />}
          </Stack>
        )}
      </Loading>
    </Page>
  );
}
