// What the server computed of a plan (as it stands, or with the moves): each network's run-out,
// the violations in words naming the systems, and the rate each target would reach. Nothing is
// re-derived here; "before" and "after" are both the server's.
import {
  Alert,
  Box,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';

type Shown = Outputs['planning']['current'];
type Violation = Shown['violations'][number];
type RunOut = Shown['networks'][number];
type Target = Shown['targets'][number];

function RunOutText({ r }: { r: RunOut | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!r?.runOut) return <>{t('planning.runOut.unknown')}</>;
  if (!r.runOut.date) return <>{t('planning.runOut.fits')}</>;
  return (
    <>
      {t('planning.runOut.on', {
        date: f.date(r.runOut.date),
        resource: t(`planning.resource.${r.runOut.resource ?? 'cpu'}`),
      })}
    </>
  );
}

export function RunOuts({ before, after }: { before: RunOut[]; after?: RunOut[] | undefined }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('planning.runOut.title')} testId="planning-runout">
      {/* A phone scrolls the table sideways rather than cutting its last column. */}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('planning.network')}</TableCell>
              <TableCell>{after ? t('planning.asPlanned') : t('planning.runOut.date')}</TableCell>
              {after && <TableCell>{t('planning.withMoves')}</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {before.map((b) => {
              const a = after?.find((x) => x.network === b.network);
              const changed = a && a.runOut?.date !== b.runOut?.date;
              return (
                <TableRow key={b.network} data-testid={`planning-runout-${b.network}`}>
                  <TableCell>{t(`network.${b.network}`)}</TableCell>
                  <TableCell>
                    <RunOutText r={b} />
                  </TableCell>
                  {after && (
                    <TableCell
                      data-testid={`planning-runout-after-${b.network}`}
                      sx={changed ? { fontWeight: 600 } : undefined}
                    >
                      <RunOutText r={a} />
                      {changed && (
                        <Chip size="small" color="warning" label={t('planning.changed')} sx={{ ml: 1 }} />
                      )}
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
    </Panel>
  );
}

export function ViolationText({ v }: { v: Violation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const system = f.name(v.systemName) === '—' ? v.system : f.name(v.systemName);
  const dependency = f.name(v.dependencyName) === '—' ? v.dependency : f.name(v.dependencyName);
  return v.kind === 'dependency-order' ? (
    <>
      {t('planning.violation.dependencyOrder', {
        system,
        dependency,
        cutover: f.date(v.cutover),
        dependencyCutover: f.date(v.dependencyCutover),
      })}
    </>
  ) : (
    <>
      {t('planning.violation.crossNetwork', {
        system,
        dependency,
        network: t(`network.${v.network}`),
        dependencyNetwork: t(`network.${v.dependencyNetwork}`),
      })}
    </>
  );
}

export function Violations({
  title,
  violations,
  severity,
  testId,
}: {
  title: string;
  violations: Violation[];
  severity: 'error' | 'warning' | 'success';
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Panel title={title} testId={testId}>
      {violations.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('planning.violation.none')}
        </Typography>
      ) : (
        <Stack spacing={1} sx={{ mt: 1 }}>
          {violations.slice(0, 50).map((v) => (
            <Alert key={`${v.kind}-${v.system}-${v.dependency}`} severity={severity} data-testid="violation">
              <ViolationText v={v} />
            </Alert>
          ))}
          {violations.length > 50 && (
            <Typography variant="body2">
              {t('planning.violation.more', { count: violations.length - 50 })}
            </Typography>
          )}
        </Stack>
      )}
    </Panel>
  );
}

export function Targets({ before, after }: { before: Target[]; after?: Target[] | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Panel title={t('planning.forecast.title')} testId="planning-targets">
      {/* A phone scrolls the table sideways rather than cutting its last column. */}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('planning.forecast.target')}</TableCell>
              <TableCell>{t('planning.forecast.by')}</TableCell>
              <TableCell align="right">{t('planning.forecast.rate')}</TableCell>
              <TableCell align="right">
                {after ? t('planning.asPlanned') : t('planning.forecast.forecast')}
              </TableCell>
              {after && <TableCell align="right">{t('planning.withMoves')}</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {before.map((b) => {
              const a = after?.find((x) => x.id === b.id);
              const shown = a ?? b;
              return (
                <TableRow key={b.id} data-testid={`target-${b.id}`}>
                  <TableCell>
                    {f.name(b.name)}
                    {b.network && ` · ${t(`network.${b.network}`)}`}
                  </TableCell>
                  <TableCell>{f.date(b.by)}</TableCell>
                  <TableCell align="right">{f.pct(b.rate)}</TableCell>
                  <TableCell align="right">{f.pct(b.forecast)}</TableCell>
                  {a && <TableCell align="right">{f.pct(a.forecast)}</TableCell>}
                  <TableCell>
                    <Chip
                      size="small"
                      color={shown.meets ? 'success' : 'warning'}
                      label={shown.meets ? t('planning.forecast.meets') : t('planning.forecast.short')}
                    />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      <Typography variant="caption" color="text.secondary">
        {t('planning.forecast.rule')}
      </Typography>
    </Panel>
  );
}
