// The other network's figures, as its instance last sent them across the one-way exchange (#21):
// beside this instance's own, with their "as of" time, sequence and signer, so a leader never takes
// them for live ones. Renders nothing where no summary was ever imported.
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Grid,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../Panel.tsx';

type Summary = Outputs['summaries']['latest'][number];

export function OtherNetworkSummaries({ compact = false }: { compact?: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.summaries.latest.queryOptions());
  if (!query.data?.length) return null;
  return (
    <Stack spacing={2}>
      {query.data.map((s) => (
        <OtherNetworkSummary key={s.network} s={s} compact={compact} />
      ))}
    </Stack>
  );
}

function OtherNetworkSummary({ s, compact }: { s: Summary; compact: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const network = t(`network.${s.network}`);
  const figures = s.total && [
    ['rate', f.pct(s.total.rate)],
    ['migrated', `${f.num(s.total.migrated)} / ${f.num(s.total.inScope)}`],
    ['blocked', f.num(s.total.blocked)],
    ['overdue', f.num(s.total.overdue)],
  ];
  return (
    <Panel title={t('summary.title', { network })} testId={`summary-${s.network}`}>
      <Typography variant="body2" color="text.secondary" data-testid={`summary-${s.network}-source`}>
        {t('summary.source', {
          asOf: f.dateTime(s.asOf),
          imported: f.dateTime(s.importedAt),
          sequence: f.num(s.sequence),
          signer: s.signer,
        })}
      </Typography>
      {s.sourcesStale && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {t('summary.stale', { network })}
        </Alert>
      )}
      {figures && (
        <Grid container spacing={2} sx={{ mt: 1 }}>
          {figures.map(([id, value]) => (
            <Grid key={id} size={{ xs: 6, md: 3 }}>
              <Typography variant="body2" color="text.secondary">
                {t(`summary.${id}`)}
              </Typography>
              <Typography variant="h5" component="p" data-testid={`summary-${s.network}-${id}`}>
                {value}
              </Typography>
            </Grid>
          ))}
        </Grid>
      )}
      {!compact && s.departments.length > 0 && (
        // Collapsed at first: the headline figures are what a leader reads; the rows on demand.
        <Accordion disableGutters variant="outlined" sx={{ mt: 2 }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />} data-testid={`summary-${s.network}-expand`}>
            {t('summary.departments', { network })}
          </AccordionSummary>
          <AccordionDetails>
            <Table size="small" aria-label={t('summary.departments', { network })}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('summary.department')}</TableCell>
                  <TableCell align="right">{t('summary.rate')}</TableCell>
                  <TableCell align="right">{t('summary.migrated')}</TableCell>
                  <TableCell align="right">{t('summary.blocked')}</TableCell>
                  <TableCell align="right">{t('summary.overdue')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {s.departments.map((d) => (
                  <TableRow key={d.code} data-testid={`summary-${s.network}-dept-${d.code}`}>
                    <TableCell>{d.name ? f.name(d.name) : d.code}</TableCell>
                    <TableCell align="right">{f.pct(d.counts.rate)}</TableCell>
                    <TableCell align="right">
                      {f.num(d.counts.migrated)} / {f.num(d.counts.inScope)}
                    </TableCell>
                    <TableCell align="right">{f.num(d.counts.blocked)}</TableCell>
                    <TableCell align="right">{f.num(d.counts.overdue)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </AccordionDetails>
        </Accordion>
      )}
    </Panel>
  );
}
