// One department's statement for one closed month, laid out to print on one A4 page (browser
// print → PDF): the lines with quantity, unit price and amount, the platform share, the total,
// and the digest (and whether it is signed) that identifies the closed month.
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
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { formatYuan, monthText } from './money.ts';

// Only the statement is printed: the console's bars and menus are hidden while this page is open.
const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm; }
@media print {
  body * { visibility: hidden; }
  .statement, .statement * { visibility: visible; }
  .statement { position: absolute; left: 0; top: 0; width: 100% !important; box-shadow: none !important; margin: 0 !important; padding: 0 !important; }
  .no-print { display: none !important; }
}
.statement td, .statement th { padding: 2px 6px; font-size: 12px; }
`;

const USAGE = ['cpu.core-hour', 'memory.gib-hour', 'storage.gib-month'];

export default function StatementPage() {
  const { month = '', department = '' } = useParams();
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.metering.month.queryOptions({ month }));
  const money = (fen: string | null | undefined) => formatYuan(i18n.language, fen);
  const itemName = (item: string) =>
    USAGE.includes(item)
      ? t(`metering.items.${item.replace('.', '_')}`)
      : item === 'platform.share'
        ? t('metering.platformShare')
        : item;
  return (
    <Box>
      <style>{PRINT_CSS}</style>
      <Stack direction="row" spacing={1} className="no-print" sx={{ mb: 2 }}>
        <Button component={Link} to="/metering">
          {t('metering.back')}
        </Button>
        <Button
          variant="contained"
          startIcon={<PrintIcon />}
          onClick={() => window.print()}
          data-testid="print"
        >
          {t('metering.print')}
        </Button>
      </Stack>
      <Loading query={query}>
        {(m) => {
          const d = m?.departments.find((x) => x.department === department);
          if (!m || !d)
            return (
              <Alert severity="info">
                {t('metering.noStatement', { month: monthText(i18n.language, month) })}
              </Alert>
            );
          return (
            <Box
              className="statement"
              data-testid="statement"
              sx={{ bgcolor: 'background.paper', p: 3, maxWidth: '186mm', boxShadow: 1 }}
            >
              <Typography variant="h5" component="h1" gutterBottom>
                {t('metering.statementTitle', {
                  department: d.name ? f.name(d.name) : d.department,
                  month: monthText(i18n.language, m.month),
                })}
              </Typography>
              <Typography variant="body2" gutterBottom>
                {t('metering.closedAt', { when: f.dateTime(m.closedAt), by: m.closedBy })} ·{' '}
                {t('metering.hours', { hours: m.hours })} · {t('metering.roundingRule')}
              </Typography>
              <Table size="small" data-testid="statement-lines">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('metering.item')}</TableCell>
                    <TableCell>{t('metering.period')}</TableCell>
                    <TableCell align="right">{t('metering.quantity')}</TableCell>
                    <TableCell align="right">{t('metering.unitPrice')}</TableCell>
                    <TableCell align="right">{t('metering.amount')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {d.lines.map((l, i) => (
                    <TableRow key={i}>
                      <TableCell>{itemName(l.item)}</TableCell>
                      <TableCell>
                        {f.date(l.from)} – {f.date(l.to)} ({t('metering.hours', { hours: l.hours })})
                      </TableCell>
                      <TableCell align="right">{l.kind === 'platform' ? '' : l.quantity}</TableCell>
                      <TableCell align="right">{l.unitPrice}</TableCell>
                      <TableCell align="right">{money(l.amountFen)}</TableCell>
                    </TableRow>
                  ))}
                  <TableRow>
                    <TableCell colSpan={4}>
                      <strong>{t('metering.total')}</strong>
                    </TableCell>
                    <TableCell align="right" data-testid="statement-total">
                      <strong>{money(d.totalFen)}</strong>
                    </TableCell>
                  </TableRow>
                </TableBody>
              </Table>
              <Typography variant="caption" component="p" sx={{ mt: 2, wordBreak: 'break-all' }}>
                {t('metering.namespaces')}: {d.namespaces.join(', ') || '—'}
              </Typography>
              <Typography variant="caption" component="p" sx={{ wordBreak: 'break-all' }}>
                {t('metering.digest')}: <span style={{ fontFamily: 'monospace' }}>{m.digest}</span> ·{' '}
                {m.signed ? t('metering.signed') : t('metering.unsigned')}
              </Typography>
            </Box>
          );
        }}
      </Loading>
    </Box>
  );
}
