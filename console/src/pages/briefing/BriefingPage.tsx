// The leadership briefing: one printed A4 page (browser print → PDF) with the date it was made,
// how fresh each source's data is, and the figures leaders are measured on.
import {
  Alert,
  Box,
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { download } from '../../app/download.ts';
import { useCan, useSession } from '../../app/session.ts';

type Overview = Outputs['overview']['get'];
type Capacity = Outputs['capacity']['overview'];

const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm; }
@media print {
  .no-print { display: none !important; }
  body { background: #fff !important; }
  .briefing { box-shadow: none !important; margin: 0 !important; width: auto !important; min-height: 0 !important; padding: 0 !important; }
}
.briefing td, .briefing th { padding: 2px 6px; font-size: 12px; }
`;

export default function BriefingPage() {
  const trpc = useTRPC();
  const can = useCan();
  const overview = useQuery(trpc.overview.get.queryOptions());
  // Capacity is the cloud's, read by operators and leadership; a department's briefing leaves it out.
  const capacityShown = can('capacity.read');
  const capacity = useQuery(trpc.capacity.overview.queryOptions(undefined, { enabled: capacityShown }));
  return (
    <Box sx={{ bgcolor: 'grey.200', minHeight: '100vh', py: { xs: 0, md: 2 } }}>
      <style>{PRINT_CSS}</style>
      <Loading query={overview}>
        {(o) => (
          <Briefing
            o={o}
            capacityShown={capacityShown}
            capacity={capacity.data ?? null}
            capacityFailed={!!capacity.error}
          />
        )}
      </Loading>
    </Box>
  );
}

function Briefing({
  o,
  capacityShown,
  capacity,
  capacityFailed,
}: {
  o: Overview;
  capacityShown: boolean;
  capacity: Capacity | null;
  capacityFailed: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const ranked = [...o.departments]
    .filter((d) => d.rollup.inScope > 0)
    .sort((a, b) => (b.rollup.rate ?? 0) - (a.rollup.rate ?? 0) || a.id.localeCompare(b.id));
  // Leading and lagging never list the same department: with ten or fewer, they split the list.
  const half = Math.min(5, Math.ceil(ranked.length / 2));
  const top = ranked.slice(0, half);
  const bottom = ranked.slice(half).slice(-5).reverse();
  const session = useSession().data;
  const sandbox = session?.sandbox;
  // A department's own briefing says whose it is; it has no ranking of one.
  const own = session?.viewer?.role === 'department' && o.departments.length === 1 ? o.departments[0]! : null;
  const stale = [...o.sources, ...(capacity?.configured ? capacity.sources : [])].filter(
    (s) => s.state !== 'synced',
  );
  return (
    <Box
      className="briefing"
      component="article"
      data-testid="briefing"
      sx={{
        bgcolor: 'background.paper',
        // A sheet of A4 on a desk; the whole width of a phone.
        width: { xs: '100%', md: '210mm' },
        minHeight: { xs: '100vh', md: '297mm' },
        mx: 'auto',
        p: { xs: 2, md: '12mm' },
        boxShadow: 3,
      }}
    >
      <Stack direction="row" className="no-print" spacing={1} sx={{ mb: 2 }}>
        <Button
          variant="contained"
          startIcon={<PrintIcon />}
          onClick={() => window.print()}
          data-testid="print"
        >
          {t('briefing.print')}
        </Button>
        {session?.signing && <SignedDownload />}
        <Button component={Link} to="/">
          {t('briefing.back')}
        </Button>
      </Stack>
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>
        {own ? t('briefing.titleDepartment', { department: f.name(own.name) }) : t('briefing.title')}
      </Typography>
      <Typography variant="body2" data-testid="briefing-date">
        {t('briefing.made', {
          date: f.dateTime(new Date().toISOString()),
          computed: f.dateTime(o.computedAt),
        })}
      </Typography>
      {sandbox && (
        <Alert severity="warning" sx={{ my: 1, py: 0 }} data-testid="briefing-sandbox">
          <strong>沙箱数据 · Sandbox</strong> — {t('app.sandbox')}
        </Alert>
      )}
      {stale.length > 0 ? (
        <Alert severity="warning" sx={{ my: 1, py: 0 }} data-testid="briefing-stale">
          {stale
            .map((s) => t('source.staleFigures', { source: s.id, time: f.dateTime(s.lastSyncedAt) }))
            .join(' ')}
        </Alert>
      ) : (
        <Typography variant="caption" color="text.secondary" data-testid="briefing-fresh">
          {t('briefing.fresh')}
        </Typography>
      )}

      <Section title={t('briefing.progress')}>
        <Typography variant="body1" data-testid="briefing-rate">
          {t('briefing.rate', {
            rate: f.pct(o.total.rate),
            migrated: f.num(o.total.migrated),
            inScope: f.num(o.total.inScope),
            overdue: f.num(o.total.overdue),
            blocked: f.num(o.total.blocked),
          })}
        </Typography>
        <Typography variant="body2">
          {(['internal', 'external'] as const)
            .map(
              (n) =>
                `${t(`network.${n}`)} ${f.pct(o.networks[n].rate)} (${f.num(o.networks[n].migrated)}/${f.num(o.networks[n].inScope)})`,
            )
            .join(t('list.separator'))}
        </Typography>
        <OtherNetworkLines />
        {o.total.excepted > 0 && (
          <Typography variant="body2" data-testid="briefing-excepted">
            {t('exception.briefingLine', { count: f.num(o.total.excepted) })}
          </Typography>
        )}
        {o.targets.map((tg) => (
          <Typography key={tg.id} variant="body2" data-testid={`briefing-target-${tg.id}`}>
            {t('briefing.targetLine', {
              name: f.name(tg.name),
              target: t('briefing.target', {
                rate: f.pct(tg.rate),
                by: f.date(tg.by),
                current: f.pct(tg.current),
              }),
              status: tg.onTrack ? t('overview.onTrack') : t('overview.offTrack'),
              forecast: tg.forecast ? f.date(tg.forecast) : t('overview.never'),
            })}
          </Typography>
        ))}
        {o.requests.overdue > 0 && (
          <Typography variant="body2">
            {t('requests.overdueCount', { overdue: o.requests.overdue, pending: o.requests.pending })}
          </Typography>
        )}
      </Section>

      {capacityShown && (
        <Section title={t('briefing.capacity')}>
          {capacity?.configured ? (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('systems.network')}</TableCell>
                  <TableCell align="right">{t('capacity.commitment')} CPU</TableCell>
                  <TableCell align="right">
                    {t('capacity.commitment')} {t('capacity.memory')}
                  </TableCell>
                  <TableCell align="right">{t('capacity.headroom')}</TableCell>
                  <TableCell>{t('briefing.runOut')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {capacity.networks.map((n) => (
                  <TableRow key={n.network} data-testid={`briefing-capacity-${n.network}`}>
                    <TableCell>{t(`network.${n.network}`)}</TableCell>
                    <TableCell align="right">{f.pct(n.figures.cpu.commitment)}</TableCell>
                    <TableCell align="right">{f.pct(n.figures.memory.commitment)}</TableCell>
                    <TableCell align="right">
                      {t('capacity.cores', { value: f.cores(n.figures.cpu.headroom ?? 0) })} ·{' '}
                      {f.bytes(n.figures.memory.headroom ?? 0)}
                    </TableCell>
                    <TableCell>{n.runOut.date ? f.date(n.runOut.date) : t('capacity.fits')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <Typography variant="body2">
              {capacityFailed ? t('briefing.capacityUnavailable') : t('capacity.notConfigured')}
            </Typography>
          )}
        </Section>
      )}

      {!own && ranked.length > 1 && (
        <Section title={t('briefing.departments')}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <Ranking title={t('briefing.top')} rows={top} testId="briefing-top" />
            <Ranking title={t('briefing.bottom')} rows={bottom} testId="briefing-bottom" />
          </Stack>
        </Section>
      )}
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 2 }}>
        {t('briefing.footer')}
      </Typography>
    </Box>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box component="section" sx={{ mt: 2, breakInside: 'avoid' }}>
      <Typography variant="h6" component="h2" sx={{ borderBottom: 2, borderColor: 'primary.main', mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Ranking({ title, rows, testId }: { title: string; rows: Overview['departments']; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Table size="small" data-testid={testId} aria-label={title}>
      <TableHead>
        <TableRow>
          <TableCell>{title}</TableCell>
          <TableCell align="right">{t('overview.rate')}</TableCell>
          <TableCell align="right">{t('overview.overdue')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((d) => (
          <TableRow key={d.id}>
            <TableCell>{f.name(d.name)}</TableCell>
            <TableCell align="right">{f.pct(d.rollup.rate)}</TableCell>
            <TableCell align="right">{f.num(d.rollup.overdue)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The other network's figures from its last imported summary, with their date and number (#21). */
function OtherNetworkLines() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const summaries = useQuery(trpc.summaries.latest.queryOptions());
  return (summaries.data ?? [])
    .filter((s) => s.total)
    .map((s) => (
      <Typography key={s.network} variant="body2" data-testid={`briefing-summary-${s.network}`}>
        {t('summary.briefingLine', {
          network: t(`network.${s.network}`),
          asOf: f.dateTime(s.asOf),
          sequence: f.num(s.sequence),
          rate: f.pct(s.total!.rate),
          migrated: f.num(s.total!.migrated),
          inScope: f.num(s.total!.inScope),
          blocked: f.num(s.total!.blocked),
          overdue: f.num(s.total!.overdue),
        })}
      </Typography>
    ));
}

/** The briefing's figures as a file signed with the instance's key, to hand on and verify offline. */
function SignedDownload() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const sign = useMutation(
    trpc.overview.signedBriefing.mutationOptions({
      onSuccess: ({ name, text }) => {
        setError(null);
        download(name, new Blob([text], { type: 'application/json' }));
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <>
      <Button onClick={() => sign.mutate()} disabled={sign.isPending} data-testid="briefing-signed">
        {t('briefing.signed')}
      </Button>
      {error && (
        <Typography color="error" variant="body2" data-testid="briefing-signed-error">
          {error}
        </Typography>
      )}
    </>
  );
}
