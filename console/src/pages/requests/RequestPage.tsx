// One resource request: what was asked and why, what was approved, its lifecycle's steps with who
// did what and when and the current step's clock, and what the viewer may do at this step.
import { Chip, Stack, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { OutsideScope } from '../../app/PageGuard.tsx';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { STATUS_COLOR } from './RequestsPage.tsx';
import { RequestProgress } from './RequestProgress.tsx';
import { RequestActions } from './RequestActions.tsx';

export default function RequestPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const id = Number(useParams().id);
  const query = useQuery(trpc.requests.get.queryOptions({ id }, { retry: false, enabled: id > 0 }));
  if (query.error?.data?.code === 'NOT_FOUND') return <OutsideScope what={t('request.notFound')} />;
  return (
    <Loading query={query}>
      {(r) => (
        <Page title={t('request.title', { id: r.id, system: f.name(r.systemName) })}>
          <Stack spacing={2} data-testid="request-page" data-status={r.status}>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Chip label={t(`requests.statuses.${r.status}`)} color={STATUS_COLOR[r.status] ?? 'default'} />
              <Chip
                variant="outlined"
                label={t('requests.stepIs', { step: t(`requests.steps.${r.step}`) })}
                data-testid="request-step"
                data-step={r.step}
              />
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
                    <TableCell>{t('request.kind')}</TableCell>
                    <TableCell data-testid="request-kind">{t(`requests.kinds.${r.kind}`)}</TableCell>
                  </TableRow>
                  {r.filing && (
                    <TableRow>
                      <TableCell>{t('request.filing')}</TableCell>
                      <TableCell data-testid="request-filing">{r.filing}</TableCell>
                    </TableRow>
                  )}
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
                </TableBody>
              </Table>
            </Panel>
            <RequestActions request={r} />
            <Panel title={t('request.steps')} testId="request-steps">
              <RequestProgress request={r} />
            </Panel>
          </Stack>
        </Page>
      )}
    </Loading>
  );
}
