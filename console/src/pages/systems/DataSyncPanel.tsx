// 数据同步 / Data sync: what the system's migration tools reported of copying its data — each run
// (one data-sync job) with its latest progress and its reports, who pushed each (the token's name
// and unit), when it was measured and received, and the checksums' state as the server judged it.
import {
  Alert,
  Box,
  Chip,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';

type Run = Outputs['dataSync']['forSystem']['runs'][number];
type Report = Run['reports'][number];

/** Reports shown per run, newest first; the rest stay in the database and the API. */
const SHOWN = 8;

export function DataSyncPanel({ system }: { system: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery(trpc.dataSync.forSystem.queryOptions({ system }));
  return (
    <Panel sx={{ mt: 2 }} title={t('dataSync.title')} testId="data-sync">
      <Loading query={query}>
        {({ runs }) =>
          runs.length ? (
            <Stack spacing={3} sx={{ mt: 1 }}>
              {runs.map((r) => (
                <RunView key={r.run} run={r} />
              ))}
            </Stack>
          ) : (
            <Typography variant="body2" color="text.secondary" data-testid="data-sync-none">
              {t('dataSync.none')}
            </Typography>
          )
        }
      </Loading>
    </Panel>
  );
}

function RunView({ run }: { run: Run }) {
  const { t } = useTranslation();
  const f = useFormat();
  const last = run.latest;
  return (
    <Box data-testid={`data-sync-run-${run.run}`}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle1" component="h4">
          {t('dataSync.run')} <code>{run.run}</code>
        </Typography>
        {last.phase && <Chip size="small" label={t(`dataSync.phase.${last.phase}`)} />}
        <Typography variant="body2" color="text.secondary">
          {t('dataSync.latest', { at: f.dateTime(last.receivedAt), by: last.pushedBy.token })}
        </Typography>
      </Stack>
      {last.percent !== null && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', my: 1 }}>
          <LinearProgress
            variant="determinate"
            value={last.percent}
            color={run.problem ? 'error' : 'primary'}
            sx={{ flex: 1, height: 8, borderRadius: 1 }}
          />
          <Typography variant="body2" data-testid="data-sync-percent">
            {f.pct(last.percent / 100)}
          </Typography>
        </Stack>
      )}
      {run.problem && last.checksums && (
        <Alert severity="error" sx={{ my: 1 }} data-testid="data-sync-problem">
          {t('dataSync.mismatchProblem', { count: last.checksums.mismatched })}
        </Alert>
      )}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={t('dataSync.history')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('dataSync.sequence')}</TableCell>
              <TableCell>{t('dataSync.progress')}</TableCell>
              <TableCell>{t('dataSync.rows')}</TableCell>
              <TableCell>{t('dataSync.bytes')}</TableCell>
              <TableCell>{t('dataSync.checksums')}</TableCell>
              <TableCell>{t('dataSync.pushedBy')}</TableCell>
              <TableCell>{t('dataSync.measuredAt')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...run.reports]
              .reverse()
              .slice(0, SHOWN)
              .map((r) => (
                <ReportRow key={r.sequence} r={r} />
              ))}
          </TableBody>
        </Table>
      </Box>
      {run.reports.length > SHOWN && (
        <Typography variant="caption" color="text.secondary">
          {t('dataSync.more', { count: run.reports.length - SHOWN })}
        </Typography>
      )}
    </Box>
  );
}

function ReportRow({ r }: { r: Report }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  // Rows in the reader's units: 1.2万 / 12K, the exact figure on hover.
  const compact = new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 });
  const of = (copied: string, total: string | null) => (total ? `${copied} / ${total}` : copied);
  return (
    <TableRow data-testid={`data-sync-report-${r.sequence}`}>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {r.sequence}
        {r.phase && (
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
            {t(`dataSync.phase.${r.phase}`)}
          </Typography>
        )}
      </TableCell>
      <TableCell>{r.percent === null ? '—' : f.pct(r.percent / 100)}</TableCell>
      <TableCell
        title={r.rows ? of(f.num(r.rows.copied), r.rows.total === null ? null : f.num(r.rows.total)) : ''}
      >
        {r.rows
          ? of(compact.format(r.rows.copied), r.rows.total === null ? null : compact.format(r.rows.total))
          : '—'}
      </TableCell>
      <TableCell>
        {r.bytes ? of(f.bytes(r.bytes.copied), r.bytes.total === null ? null : f.bytes(r.bytes.total)) : '—'}
      </TableCell>
      <TableCell>
        {r.checksums ? (
          <Chip
            size="small"
            variant={r.checksums.state === 'verifying' ? 'outlined' : 'filled'}
            color={
              r.checksums.state === 'mismatch'
                ? 'error'
                : r.checksums.state === 'verified'
                  ? 'success'
                  : 'default'
            }
            label={t(`dataSync.checksumState.${r.checksums.state}`, {
              verified: f.num(r.checksums.verified),
              mismatched: f.num(r.checksums.mismatched),
              total: r.checksums.total === null ? '?' : f.num(r.checksums.total),
            })}
            data-state={r.checksums.state}
          />
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {r.pushedBy.token}
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {f.name(r.pushedBy.unitName)}
        </Typography>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {f.dateTime(r.measuredAt)}
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {t('dataSync.receivedAt', { at: f.dateTime(r.receivedAt) })}
        </Typography>
      </TableCell>
    </TableRow>
  );
}
