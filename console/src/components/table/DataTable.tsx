// Every list in the console is this grid: sort, filter, choose columns, export to CSV and Excel.
// Small lists sort and filter in the browser; a list the server pages (`server`) sorts and filters
// there, and its export fetches every matching row rather than the page on screen.
import { Box, Button, Tooltip } from '@mui/material';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import FilterListIcon from '@mui/icons-material/FilterList';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import {
  ColumnsPanelTrigger,
  DataGrid,
  FilterPanelTrigger,
  QuickFilter,
  QuickFilterControl,
  Toolbar,
  gridFilteredSortedRowIdsSelector,
  gridVisibleColumnDefinitionsSelector,
  useGridApiContext,
  type GridColDef,
  type GridPaginationModel,
  type GridRowIdGetter,
  type GridSortModel,
  type GridValidRowModel,
} from '@mui/x-data-grid';
import { enUS, zhCN } from '@mui/x-data-grid/locales';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../app/trpc.ts';
import type { Cell } from './xlsx.ts';
import { download } from '../../app/download.ts';

export type Column<R extends GridValidRowModel> = GridColDef<R>;

export interface ServerPaging<R> {
  total: number;
  pagination: GridPaginationModel;
  onPagination: (m: GridPaginationModel) => void;
  sort: GridSortModel;
  onSort: (m: GridSortModel) => void;
  /** Every row matching the current filter, for export. */
  fetchAll: () => Promise<R[]>;
}

interface Props<R extends GridValidRowModel> {
  /** Test id and export file name. */
  id: string;
  /** Sheet name of the Excel export, and the grid's accessible name. */
  title: string;
  rows: R[];
  columns: Column<R>[];
  getRowId?: GridRowIdGetter<R>;
  loading?: boolean;
  server?: ServerPaging<R>;
  /** Fixed height in pixels; by default the grid grows with its rows (up to a page). */
  height?: number;
  pageSize?: number;
  initialSort?: GridSortModel;
  hiddenColumns?: string[];
  /** 'auto' for rows whose cells hold more than a line (e.g. resource bars). */
  getRowHeight?: () => number | 'auto';
  /** No CSV/Excel buttons: the page offers its own, complete export (the audit trail's). */
  noExport?: boolean;
}

function TableToolbar<R extends GridValidRowModel>({
  id,
  title,
  server,
  noExport,
}: {
  id: string;
  title: string;
  server?: ServerPaging<R> | undefined;
  noExport?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const api = useGridApiContext();
  const [busy, setBusy] = useState(false);
  const trpc = useTRPC();
  const record = useMutation(trpc.audit.recordExport.mutationOptions());
  const exportAs = async (kind: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const columns = gridVisibleColumnDefinitionsSelector(api).filter(
        (c) => !c.disableExport && c.field !== '__check__',
      );
      const rows = server
        ? await server.fetchAll()
        : gridFilteredSortedRowIdsSelector(api).map((rowId) => api.current.getRow(rowId) as R);
      const header = columns.map((c) => c.headerName ?? c.field);
      const body: Cell[][] = rows.map((row) =>
        columns.map((c) => {
          const raw: unknown = api.current.getRowValue(row, c);
          if (typeof raw === 'number') return raw;
          const shown: unknown = c.valueFormatter ? api.current.getRowFormattedValue(row, c) : raw;
          return shown === null || shown === undefined ? null : String(shown);
        }),
      );
      // Every export is audited: the row is written before the file exists (no row, no file).
      await record.mutateAsync({ table: id, format: kind, rows: rows.length });
      const book = await import('./xlsx.ts');
      const stamp = new Date().toISOString().slice(0, 10);
      if (kind === 'csv')
        download(
          `${id}-${stamp}.csv`,
          new Blob([book.csv(header, body)], { type: 'text/csv;charset=utf-8' }),
        );
      else
        download(
          `${id}-${stamp}.xlsx`,
          new Blob([book.xlsx(title, header, body) as BlobPart], {
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }),
        );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Toolbar>
      <Tooltip title={t('table.columns')}>
        <ColumnsPanelTrigger render={<Button size="small" startIcon={<ViewColumnIcon />} />}>
          {t('table.columns')}
        </ColumnsPanelTrigger>
      </Tooltip>
      {!server && (
        <FilterPanelTrigger render={<Button size="small" startIcon={<FilterListIcon />} />}>
          {t('table.filter')}
        </FilterPanelTrigger>
      )}
      {!noExport && (
        <>
          <Button
            size="small"
            startIcon={<FileDownloadIcon />}
            disabled={busy}
            onClick={() => void exportAs('csv')}
            data-testid={`${id}-export-csv`}
          >
            CSV
          </Button>
          <Button
            size="small"
            startIcon={<FileDownloadIcon />}
            disabled={busy}
            onClick={() => void exportAs('xlsx')}
            data-testid={`${id}-export-xlsx`}
          >
            Excel
          </Button>
        </>
      )}
      <Box sx={{ flex: 1 }} />
      {!server && (
        <QuickFilter>
          <QuickFilterControl
            placeholder={t('table.search')}
            aria-label={t('table.search')}
            size="small"
            data-testid={`${id}-search`}
          />
        </QuickFilter>
      )}
    </Toolbar>
  );
}

export function DataTable<R extends GridValidRowModel>(p: Props<R>) {
  const { i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? enUS : zhCN).components.MuiDataGrid.defaultProps.localeText;
  const [clientPage, setClientPage] = useState<GridPaginationModel>({ page: 0, pageSize: p.pageSize ?? 25 });
  return (
    <Box sx={{ height: p.height, width: '100%' }} data-testid={p.id}>
      <DataGrid<R>
        rows={p.rows}
        columns={p.columns}
        getRowId={p.getRowId}
        getRowHeight={p.getRowHeight}
        loading={p.loading}
        density="compact"
        localeText={locale}
        aria-label={p.title}
        showToolbar
        slots={{ toolbar: TableToolbar as never }}
        slotProps={{ toolbar: { id: p.id, title: p.title, server: p.server, noExport: p.noExport } as never }}
        pageSizeOptions={[10, 25, 50, 100]}
        disableRowSelectionOnClick
        initialState={{
          sorting: { sortModel: p.initialSort ?? [] },
          columns: {
            columnVisibilityModel: Object.fromEntries((p.hiddenColumns ?? []).map((c) => [c, false])),
          },
        }}
        {...(p.server
          ? {
              paginationMode: 'server',
              sortingMode: 'server',
              filterMode: 'server',
              disableColumnFilter: true,
              rowCount: p.server.total,
              paginationModel: p.server.pagination,
              onPaginationModelChange: p.server.onPagination,
              sortModel: p.server.sort,
              onSortModelChange: p.server.onSort,
            }
          : { paginationModel: clientPage, onPaginationModelChange: setClientPage })}
      />
    </Box>
  );
}
