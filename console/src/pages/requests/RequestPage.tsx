// One resource request: what was asked and why, what was approved, each step with who and when
// (from the audit trail), and — for the one who asked, while it is pending — withdrawing it.
import {
  Button,
  Chip,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { OutsideScope } from '../../app/PageGuard.tsx';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { STATUS_COLOR } from './RequestsPage.tsx';

export default function RequestPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const query = useQuery(trpc.requests.get.queryOptions({ id }, { retry: false, enabled: id > 0 }));
  const [asking, setAsking] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const release = useMutation(
    trpc.requests.release.mutationOptions({
      onSuccess: () => {
        setReleasing(false);
        void queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
      },
    }),
  );
  const withdraw = useMutation(
    trpc.requests.withdraw.mutationOptions({
      onSuccess: () => {
        setAsking(false);
        void queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
      },
    }),
  );
  if (query.error?.data?.code === 'NOT_FOUND') return <OutsideScope what={t('request.notFound')} />;
  const action = (a: string) => (i18n.exists(`audit.actions.${a}`) ? t(`audit.actions.${a}`) : a);
  return (
    <Loading query={query}>
      {(r) => (
        <Page title={t('request.title', { id: r.id, system: f.name(r.systemName) })}>
          <Stack spacing={2} data-testid="request-page" data-status={r.status}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Chip label={t(`requests.statuses.${r.status}`)} color={STATUS_COLOR[r.status] ?? 'default'} />
              <Link to="/requests">{t('request.back')}</Link>
            </Stack>
            <Panel title={t('request.asked')}>
              <Table size="small">
                <TableBody>
                  <TableRow>
                    <TableCell>{t('requests.system')}</TableCell>
                    <TableCell>
                      <Link to={`/systems/${encodeURIComponent(r.system)}`}>{f.name(r.systemName)}</Link> ·{' '}
                      {t(`network.${r.network}`)}
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>{t('requests.asked')}</TableCell>
                    <TableCell data-testid="request-asked">
                      {t('requests.amounts', {
                        cpu: f.num(r.cpu),
                        memory: f.num(r.memoryGiB),
                        storage: f.num(r.storageGiB),
                      })}
                    </TableCell>
                  </TableRow>
                  {r.approvedCpu !== null && (
                    <TableRow>
                      <TableCell>{t('requests.approved')}</TableCell>
                      <TableCell data-testid="request-approved">
                        {t('requests.amounts', {
                          cpu: f.num(r.approvedCpu),
                          memory: f.num(r.approvedMemoryGiB ?? 0),
                          storage: f.num(r.approvedStorageGiB ?? 0),
                        })}
                      </TableCell>
                    </TableRow>
                  )}
                  <TableRow>
                    <TableCell>{t('requests.reason')}</TableCell>
                    <TableCell>{r.reason}</TableCell>
                  </TableRow>
                  {r.comment && (
                    <TableRow>
                      <TableCell>{t('requests.comment')}</TableCell>
                      <TableCell data-testid="request-comment">{r.comment}</TableCell>
                    </TableRow>
                  )}
                  {(r.awaiting || r.reviews.length > 0) && (
                    <TableRow>
                      <TableCell>{t('request.levels')}</TableCell>
                      <TableCell data-testid="request-levels">
                        {r.reviews.map((x) => (
                          <div key={x.level}>
                            {t('request.reviewed', {
                              level: x.levelName ? f.name(x.levelName) : x.level,
                              by: x.by,
                              at: f.dateTime(x.at),
                            })}
                          </div>
                        ))}
                        {r.awaiting && (
                          <div data-testid="request-awaiting">
                            {t('request.awaiting', {
                              level: r.awaiting.name ? f.name(r.awaiting.name) : r.awaiting.unit,
                              step: f.num(r.awaiting.step),
                              of: f.num(r.awaiting.of),
                            })}
                          </div>
                        )}
                      </TableCell>
                    </TableRow>
                  )}
                  {r.status === 'pending' && (
                    <TableRow>
                      <TableCell>{t('requests.sla')}</TableCell>
                      <TableCell>
                        {r.overdue
                          ? t('requests.overdue', { date: f.date(String(r.dueAt)) })
                          : t('requests.daysLeft', {
                              days: r.workingDaysLeft,
                              date: f.date(String(r.dueAt)),
                            })}
                      </TableCell>
                    </TableRow>
                  )}
                </TableBody>
              </Table>
            </Panel>
            <Panel title={t('request.steps')}>
              <Stepper orientation="vertical" activeStep={r.steps.length}>
                {r.steps.map((s, i) => (
                  <Step key={i} completed>
                    <StepLabel
                      optional={<Typography variant="caption">{f.dateTime(String(s.at))}</Typography>}
                    >
                      {action(s.action)} · {s.actor}
                    </StepLabel>
                  </Step>
                ))}
              </Stepper>
            </Panel>
            {r.mine && r.status === 'pending' && can('requests.create') && (
              <div>
                <Button
                  variant="outlined"
                  color="warning"
                  onClick={() => setAsking(true)}
                  data-testid="request-withdraw"
                >
                  {t('request.withdraw')}
                </Button>
              </div>
            )}
            {(r.status === 'approved' || r.status === 'live') && can('requests.decide') && (
              <div>
                <Button variant="outlined" onClick={() => setReleasing(true)} data-testid="request-release">
                  {t('request.release')}
                </Button>
              </div>
            )}
          </Stack>
          {releasing && (
            <ConfirmAction
              testId="ask-release"
              title={t('request.releaseTitle')}
              what={t('request.releaseWhat')}
              action={t('request.release')}
              busy={release.isPending}
              error={release.error?.message ?? null}
              onClose={() => setReleasing(false)}
              onConfirm={(comment) => release.mutate({ id: r.id, version: r.version, comment })}
            />
          )}
          {asking && (
            <ConfirmAction
              testId="ask-withdraw"
              title={t('request.withdrawTitle')}
              what={t('request.withdrawWhat')}
              action={t('request.withdraw')}
              busy={withdraw.isPending}
              error={withdraw.error?.message ?? null}
              onClose={() => setAsking(false)}
              onConfirm={(comment) =>
                withdraw.mutate({ id: r.id, version: r.version, comment: comment || undefined })
              }
            />
          )}
        </Page>
      )}
    </Loading>
  );
}
