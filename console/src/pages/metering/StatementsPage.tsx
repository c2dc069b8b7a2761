// Monthly metering statements (计量核算, #22): a month's statements per department (from the closed
// month; an operator closes a month that has ended), each department's printable statement, the
// yearly fee report for the finance bureau and the price catalogue with its effective dates.
// Tables export to Excel through the grid (every export audited). Amounts arrive in fen, as text.
import { Alert, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';
import { DataTable } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { formatYuan, monthText, yuanText } from './money.ts';

/** The month before the current one (China Standard Time): the one usually closed next. */
function lastMonth(now = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3_600_000);
  const d = new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

export default function StatementsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const months = useQuery(trpc.metering.months.queryOptions());
  const [month, setMonth] = useState<string | null>(null);
  const shown = month ?? months.data?.[0]?.month ?? lastMonth();
  return (
    <Page title={t('metering.title')}>
      <Stack spacing={2}>
        <MonthPanel month={shown} onMonth={setMonth} />
        <YearlyPanel year={Number(shown.slice(0, 4))} />
        <PricesPanel />
      </Stack>
    </Page>
  );
}

function MonthPanel({ month, onMonth }: { month: string; onMonth: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.metering.month.queryOptions({ month }));
  const close = useMutation(
    trpc.metering.close.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.metering.pathKey() }),
    }),
  );
  const error = close.error as ApiError | null;
  const money = (fen: string | null | undefined) => formatYuan(i18n.language, fen);
  return (
    <Panel title={t('metering.month')} testId="metering-month">
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <TextField
          type="month"
          size="small"
          label={t('metering.pickMonth')}
          value={month}
          onChange={(e) => e.target.value && onMonth(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'metering-month-picker' } }}
        />
        {can('metering.manage') && (
          <Button
            variant="contained"
            disabled={close.isPending}
            onClick={() => close.mutate({ month })}
            data-testid="metering-close"
          >
            {query.data ? t('metering.recheck') : t('metering.close')}
          </Button>
        )}
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="metering-close-error">
          {fieldError(error, 'month') ?? error.message}
        </Alert>
      )}
      {close.data && (
        <Alert severity="success" sx={{ mb: 2 }} data-testid="metering-close-result">
          {t(`metering.closeState.${close.data.state}`, { month: close.data.month })}
        </Alert>
      )}
      <Loading query={query}>
        {(m) =>
          !m ? (
            <Alert severity="info" data-testid="metering-not-closed">
              {t('metering.notClosed', { month: monthText(i18n.language, month) })}
            </Alert>
          ) : (
            <Stack spacing={1}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="body2">
                  {t('metering.closedAt', { when: f.dateTime(m.closedAt), by: m.closedBy })}
                </Typography>
                <Chip size="small" label={m.signed ? t('metering.signed') : t('metering.unsigned')} />
                <Typography variant="caption" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {m.digest}
                </Typography>
              </Stack>
              <DataTable
                id="metering-statements"
                title={t('metering.statementsOf', { month: m.month })}
                rows={m.departments}
                getRowId={(d) => d.department}
                initialSort={[{ field: 'total', sort: 'desc' }]}
                columns={[
                  {
                    field: 'name',
                    headerName: t('metering.department'),
                    flex: 1,
                    minWidth: 180,
                    valueGetter: (_v, d) => (d.name ? f.name(d.name) : d.department),
                    renderCell: (p) => (
                      <Link to={`/metering/${m.month}/${p.row.department}`} data-statement={p.row.department}>
                        {p.value as string}
                      </Link>
                    ),
                  },
                  {
                    field: 'direct',
                    headerName: t('metering.direct'),
                    width: 160,
                    valueGetter: (_v, d) => yuanText(d.directFen),
                    valueFormatter: (_v, d) => money(d.directFen),
                    sortComparator: (a: string, b: string) => Number(a) - Number(b),
                  },
                  {
                    field: 'platform',
                    headerName: t('metering.platformShare'),
                    width: 160,
                    valueGetter: (_v, d) => yuanText(d.platformFen),
                    valueFormatter: (_v, d) => money(d.platformFen),
                    sortComparator: (a: string, b: string) => Number(a) - Number(b),
                  },
                  {
                    field: 'total',
                    headerName: t('metering.total'),
                    width: 160,
                    valueGetter: (_v, d) => yuanText(d.totalFen),
                    valueFormatter: (_v, d) => money(d.totalFen),
                    sortComparator: (a: string, b: string) => Number(a) - Number(b),
                  },
                ]}
              />
              {m.totalFen !== null && (
                <Typography variant="body2" data-testid="metering-month-total">
                  {t('metering.monthTotal', {
                    total: money(m.totalFen),
                    platform: money(m.platform?.totalFen),
                    unassigned: money(m.unassigned?.totalFen),
                  })}
                </Typography>
              )}
            </Stack>
          )
        }
      </Loading>
    </Panel>
  );
}

function YearlyPanel({ year }: { year: number }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.metering.yearly.queryOptions({ year }));
  const money = (fen: string | null | undefined) => formatYuan(i18n.language, fen);
  return (
    <Panel title={t('metering.yearly', { year })} testId="metering-yearly">
      <Loading query={query}>
        {(r) => (
          <Stack spacing={1}>
            <Typography variant="body2">
              {r.closedMonths.length
                ? t('metering.yearlyMonths', {
                    months: r.closedMonths
                      .map((m) => monthText(i18n.language, m))
                      .join(i18n.language === 'en' ? ', ' : '、'),
                  })
                : t('metering.yearlyNone')}
            </Typography>
            <DataTable
              id={`metering-yearly-${year}`}
              title={t('metering.yearly', { year })}
              rows={r.departments}
              getRowId={(d) => d.department}
              columns={[
                {
                  field: 'name',
                  headerName: t('metering.department'),
                  flex: 1,
                  minWidth: 180,
                  valueGetter: (_v, d) => (d.name ? f.name(d.name) : d.department),
                },
                ...r.closedMonths.map((m) => ({
                  field: m,
                  headerName: m,
                  width: 130,
                  valueGetter: (_v: unknown, d: (typeof r.departments)[number]) =>
                    d.months[m] ? yuanText(d.months[m]) : '',
                })),
                {
                  field: 'total',
                  headerName: t('metering.total'),
                  width: 160,
                  valueGetter: (_v, d) => yuanText(d.totalFen),
                  valueFormatter: (_v, d) => money(d.totalFen),
                },
              ]}
            />
            <Typography variant="body2" data-testid="metering-yearly-total">
              {t('metering.yearTotal', { total: money(r.totalFen) })}
            </Typography>
          </Stack>
        )}
      </Loading>
    </Panel>
  );
}

const ITEMS = ['cpu.core-hour', 'memory.gib-hour', 'storage.gib-month'];

function PricesPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.metering.prices.queryOptions());
  const [form, setForm] = useState({ item: ITEMS[0]!, price: '', effectiveFrom: '', note: '' });
  const add = useMutation(
    trpc.metering.addPrice.mutationOptions({
      onSuccess: () => {
        setForm((x) => ({ ...x, price: '', note: '' }));
        void queryClient.invalidateQueries({ queryKey: trpc.metering.prices.queryKey() });
      },
    }),
  );
  const error = add.error as ApiError | null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ ...form, note: form.note || undefined });
  };
  const itemName = (item: string) =>
    ITEMS.includes(item) ? t(`metering.items.${item.replace('.', '_')}`) : item;
  return (
    <Panel title={t('metering.catalogue')} testId="metering-prices">
      <Stack spacing={2}>
        <Typography variant="body2">{t('metering.catalogueHelp')}</Typography>
        <Loading query={query}>
          {(prices) => (
            <DataTable
              id="metering-prices"
              title={t('metering.catalogue')}
              rows={prices}
              getRowId={(p) => p.id}
              initialSort={[{ field: 'effectiveFrom', sort: 'desc' }]}
              columns={[
                {
                  field: 'item',
                  headerName: t('metering.item'),
                  flex: 1,
                  minWidth: 160,
                  valueGetter: (_v, p) => itemName(p.item),
                },
                { field: 'price', headerName: t('metering.unitPrice'), width: 140 },
                {
                  field: 'effectiveFrom',
                  headerName: t('metering.effectiveFrom'),
                  width: 150,
                  valueFormatter: (_v, p) => f.date(p.effectiveFrom),
                },
                { field: 'note', headerName: t('metering.note'), flex: 1, minWidth: 120 },
                { field: 'addedBy', headerName: t('metering.addedBy'), width: 120 },
              ]}
            />
          )}
        </Loading>
        {can('metering.manage') && (
          <Box component="form" onSubmit={submit} noValidate>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                select
                size="small"
                label={t('metering.item')}
                value={form.item}
                onChange={(e) => setForm({ ...form, item: e.target.value })}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                error={!!fieldError(error, 'item')}
                helperText={fieldError(error, 'item')}
              >
                {ITEMS.map((i) => (
                  <option key={i} value={i}>
                    {itemName(i)}
                  </option>
                ))}
              </TextField>
              <TextField
                size="small"
                label={t('metering.unitPrice')}
                value={form.price}
                onChange={(e) => setForm({ ...form, price: e.target.value })}
                error={!!fieldError(error, 'price')}
                helperText={fieldError(error, 'price')}
                slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'metering-price' } }}
              />
              <TextField
                size="small"
                type="date"
                label={t('metering.effectiveFrom')}
                value={form.effectiveFrom}
                onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })}
                error={!!fieldError(error, 'effectiveFrom')}
                helperText={fieldError(error, 'effectiveFrom')}
                slotProps={{
                  inputLabel: { shrink: true },
                  htmlInput: { 'data-testid': 'metering-effective' },
                }}
              />
              <TextField
                size="small"
                label={t('metering.note')}
                value={form.note}
                onChange={(e) => setForm({ ...form, note: e.target.value })}
              />
              <Button
                type="submit"
                variant="outlined"
                disabled={add.isPending}
                data-testid="metering-add-price"
              >
                {t('metering.addPrice')}
              </Button>
            </Stack>
          </Box>
        )}
      </Stack>
    </Panel>
  );
}
