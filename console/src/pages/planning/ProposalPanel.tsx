// The server's automatic proposal for the viewer's systems: how many moves and why, what it does
// to the run-out and the targets, and its patch to download. Asked for on demand (it is the
// heaviest question the planner answers).
import {
  Alert,
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';
import { RunOuts, Targets } from './PlanningAnalysis.tsx';
import { PlanDiff } from './PlanDiff.tsx';

export function ProposalPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const [asked, setAsked] = useState(false);
  const query = useQuery(
    trpc.planning.propose.queryOptions(undefined, { enabled: asked, refetchInterval: false }),
  );
  return (
    <Panel title={t('planning.proposal.title')} testId="planning-proposal">
      <Typography variant="body2" color="text.secondary">
        {t('planning.proposal.explain')}
      </Typography>
      {!asked ? (
        <Button
          sx={{ mt: 1 }}
          variant="outlined"
          data-testid="planning-propose"
          onClick={() => setAsked(true)}
        >
          {t('planning.proposal.ask')}
        </Button>
      ) : (
        <Loading query={query}>
          {(p) => (
            <Stack spacing={2} sx={{ mt: 1 }}>
              <Alert severity={p.moves.length ? 'info' : 'success'}>
                {t('planning.proposal.summary', {
                  count: p.moves.length,
                  late: p.moves.filter((m) => m.reason === 'late').length,
                  target: p.moves.filter((m) => m.reason === 'target').length,
                  dependency: p.moves.filter((m) => m.reason === 'dependency').length,
                })}
                {!p.capacityChecked && ` ${t('planning.proposal.noCapacity')}`}
              </Alert>
              {p.unplaced.length > 0 && (
                <Alert severity="warning">
                  {t('planning.proposal.unplaced', { count: p.unplaced.length })}
                </Alert>
              )}
              <RunOuts before={p.before.networks} after={p.after.networks} />
              <Targets before={p.before.targets} after={p.after.targets} />
              {p.moves.length > 0 && (
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('planning.move.system')}</TableCell>
                      <TableCell>{t('planning.move.from')}</TableCell>
                      <TableCell>{t('planning.move.to')}</TableCell>
                      <TableCell>{t('planning.proposal.reason')}</TableCell>
                      <TableCell>{t('planning.readiness.title')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {p.moves.slice(0, 100).map((m) => (
                      <TableRow key={m.system}>
                        <TableCell>{f.name(m.name)}</TableCell>
                        <TableCell>
                          {m.from.wave} · {f.date(m.from.cutover)}
                        </TableCell>
                        <TableCell>
                          {m.wave} · {f.date(m.cutover)}
                        </TableCell>
                        <TableCell>{t(`planning.proposal.because.${m.reason}`)}</TableCell>
                        <TableCell>{t(`planning.readiness.${m.readiness}`)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
              {p.moves.length > 100 && (
                <Typography variant="body2">
                  {t('planning.proposal.more', { count: p.moves.length - 100 })}
                </Typography>
              )}
              {p.patch && <PlanDiff patch={p.patch} name={`plan-proposal-${p.today}.diff`} />}
            </Stack>
          )}
        </Loading>
      )}
    </Panel>
  );
}
