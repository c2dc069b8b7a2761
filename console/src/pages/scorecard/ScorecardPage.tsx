// Department scorecards (考核): a closed month's ranking (departments, then cities with their
// counties), each unit's indicators with the rule that scored them, its scores month by month, the
// 通报 printed on one A4 page, and closing last month for the data bureau. Every figure is the
// server's frozen row: the console computes no score.
import { useState } from 'react';
import { Alert, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { Page, Panel } from '../../components/Panel.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { UnitCard } from './UnitCard.tsx';

// The 通报 on one A4 page: the console's frame, the controls and the grid's toolbar left out.
// On paper the grid gives way to a plain table of the same rows (a grid paginates and scrolls).
const PRINT_CSS = `
@page { size: A4 portrait; margin: 10mm; }
.print-only { display: none; }
@media print {
  .no-print, header, nav, .MuiAppBar-root, .MuiDrawer-root { display: none !important; }
  .print-only { display: table; width: 100%; }
  main { margin: 0 !important; padding: 0 !important; }
  main h2:first-of-type { display: none; }
  body { background: #fff !important; }
  .print-only td, .print-only th { padding: 1px 4px; font-size: 10px; line-height: 1.3; }
}
`;

export type MonthView = NonNullable<Outputs['scorecards']['month']>;
type Row = MonthView['rows'][number];

/** The month before the server's today, as YYYY-MM: the one a data bureau closes next. */
const previousMonth = (computedAt: string | null | undefined) => {
  const d = computedAt ? new Date(computedAt) : new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

export default function ScorecardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const months = useQuery(trpc.scorecards.months.queryOptions());
  const overview = useQuery(trpc.overview.get.queryOptions());
  const month = params.get('month') ?? months.data?.months[0]?.month ?? null;
  const unit = params.get('unit');
  const view = useQuery(trpc.scorecards.month.queryOptions({ month: month ?? '' }, { enabled: !!month }));
  const toClose = previousMonth(overview.data?.computedAt);
  const [closeError, setCloseError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const close = useMutation(
    trpc.scorecards.close.mutationOptions({
      onSuccess: (r) => {
        setCloseError(null);
        setAsking(false);
        void queryClient.invalidateQueries({ queryKey: trpc.scorecards.pathFilter().queryKey });
        setParams({ month: r.month });
      },
      onError: (e) => setCloseError(e.message),
    }),
  );
  const set = (p: Record<string, string>) =>
    setParams(
      Object.fromEntries(Object.entries({ ...Object.fromEntries(params), ...p }).filter(([, v]) => v)),
    );
  const closedAlready = months.data?.months.some((m) => m.month === toClose);

  const columns: Column<Row>[] = [
    { field: 'rank', headerName: t('scorecard.rank'), width: 80, type: 'number' },
    {
      field: 'name',
      headerName: t('scorecard.unit'),
      flex: 1,
      minWidth: 180,
      valueGetter: (_v, r) => f.name(r.name),
      renderCell: ({ row, value }) => (
        <Link to={`?month=${month}&unit=${row.unit}`} data-testid={`scorecard-unit-${row.unit}`}>
          {value as string}
        </Link>
      ),
    },
    {
      field: 'total',
      headerName: t('scorecard.total'),
      type: 'number',
      width: 110,
      valueGetter: (_v, r) => r.result.total,
      valueFormatter: (v: number | null) => (v === null ? t('scorecard.notScored') : f.num(v)),
    },
    // The indicators in the server's order, from its answer (the list is the server's rule).
    ...(view.data?.rows[0]?.result.indicators.map((x) => x.id) ?? []).map((id): Column<Row> => ({
      field: id,
      headerName: t(`scorecard.indicator.${id}`),
      type: 'number',
      width: 130,
      valueGetter: (_v, r) => r.result.indicators.find((x) => x.id === id)?.score ?? null,
      valueFormatter: (v: number | null) => (v === null ? '—' : f.num(v)),
    })),
  ];
  const selected = view.data?.rows.find((r) => r.unit === unit);
  // Departments (and cities) first, each group ranked; a unit's sub-units appear on its card.
  const top = view.data?.rows.filter((r) => !view.data!.rows.some((p) => p.unit === r.parentId)) ?? [];
  // One unit at the top (the province, or a department's own unit): its total heads the page and
  // its sub-units are ranked below; several (a city team's view): they are ranked together.
  const head = top.length === 1 ? top[0]! : null;
  const shown = head ? view.data!.rows.filter((r) => r.parentId === head.unit) : top;

  return (
    <Page title={t('scorecard.title')}>
      <style>{PRINT_CSS}</style>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} className="no-print">
        <TextField
          select
          size="small"
          label={t('scorecard.month')}
          value={month ?? ''}
          onChange={(e) => setParams({ month: e.target.value })}
          sx={{ minWidth: 160 }}
          slotProps={{ htmlInput: { 'data-testid': 'scorecard-month' } }}
        >
          {(months.data?.months ?? []).map((m) => (
            <MenuItem key={m.month} value={m.month}>
              {f.month(m.month)}
            </MenuItem>
          ))}
        </TextField>
        {view.data && (
          <Button startIcon={<PrintIcon />} onClick={() => window.print()} data-testid="scorecard-print">
            {t('scorecard.print')}
          </Button>
        )}
        {can('scorecards.close') && !closedAlready && (
          <Button variant="contained" onClick={() => setAsking(true)} data-testid="scorecard-close">
            {t('scorecard.closeMonth', { month: f.month(toClose) })}
          </Button>
        )}
      </Stack>
      {asking && (
        <ConfirmAction
          title={t('scorecard.closeMonth', { month: f.month(toClose) })}
          what={t('scorecard.closeHelp')}
          action={t('scorecard.closeMonth', { month: f.month(toClose) })}
          busy={close.isPending}
          error={closeError}
          onConfirm={() => close.mutate({ month: toClose })}
          onClose={() => setAsking(false)}
          testId="scorecard-close-ask"
        />
      )}
      {months.data && months.data.months.length === 0 && (
        <Alert severity="info">{t('scorecard.noMonths')}</Alert>
      )}
      {view.data && (
        <Stack spacing={2} className="scorecard-bulletin" data-testid="scorecard-bulletin">
          <Typography variant="h6" component="h2">
            {selected
              ? t('scorecard.bulletinUnit', { unit: f.name(selected.name), month: f.month(view.data.month) })
              : t('scorecard.bulletinTitle', { month: f.month(view.data.month) })}
          </Typography>
          <Typography variant="caption" color="text.secondary" data-testid="scorecard-hash">
            {t('scorecard.closedBy', { by: view.data.closedBy, at: f.dateTime(view.data.closedAt) })} ·{' '}
            {t('scorecard.hash', { algorithm: view.data.hashAlgorithm.toUpperCase(), hash: view.data.hash })}
          </Typography>
          {head && !selected && (
            <Typography variant="body1" data-testid="scorecard-head">
              {t('scorecard.headLine', {
                unit: f.name(head.name),
                total: head.result.total === null ? t('scorecard.notScored') : f.num(head.result.total),
              })}
            </Typography>
          )}
          {selected ? (
            <UnitCard month={view.data} row={selected} onBack={() => set({ unit: '' })} />
          ) : (
            <>
              <BulletinTable rows={[...shown].sort((a, b) => a.rank - b.rank)} />
              <div className="no-print">
                <Panel testId="scorecard-grid">
                  <DataTable
                    id="scorecard"
                    title={t('scorecard.bulletinTitle', { month: view.data.month })}
                    rows={[...shown].sort((a, b) => a.rank - b.rank)}
                    columns={columns}
                    getRowId={(r) => r.unit}
                    pageSize={100}
                    initialSort={[{ field: 'rank', sort: 'asc' }]}
                  />
                </Panel>
              </div>
            </>
          )}
        </Stack>
      )}
    </Page>
  );
}

/** The ranking as the printed 通报 carries it: every row, one line each. */
function BulletinTable({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ids = rows[0]?.result.indicators.map((x) => x.id) ?? [];
  const score = (v: number | null) => (v === null ? '—' : f.num(v));
  return (
    <table className="print-only" data-testid="scorecard-bulletin-table">
      <thead>
        <tr>
          <th>{t('scorecard.rank')}</th>
          <th>{t('scorecard.unit')}</th>
          <th>{t('scorecard.total')}</th>
          {ids.map((id) => (
            <th key={id}>{t(`scorecard.indicator.${id}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.unit}>
            <td>{f.num(r.rank)}</td>
            <td>{f.name(r.name)}</td>
            <td>{score(r.result.total)}</td>
            {r.result.indicators.map((x) => (
              <td key={x.id}>{score(x.score)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
