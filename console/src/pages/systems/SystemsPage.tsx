import {
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
  Paper,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { HEALTHS, NETWORKS, STAGES } from '../../app/domain.ts';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Panel.tsx';
import { HealthChip, StageChip } from '../../components/chips.tsx';

export default function SystemsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const filter = {
    department: params.get('department') || undefined,
    network: (params.get('network') || undefined) as (typeof NETWORKS)[number] | undefined,
    stage: (params.get('stage') || undefined) as (typeof STAGES)[number] | undefined,
    health: (params.get('health') || undefined) as (typeof HEALTHS)[number] | undefined,
    wave: params.get('wave') || undefined,
    search: params.get('q') || undefined,
  };
  const query = useQuery(trpc.systems.list.queryOptions(filter));
  const orgs = useQuery(trpc.meta.organisations.queryOptions());
  const waves = useQuery(trpc.waves.list.queryOptions());
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const select = (
    key: string,
    label: string,
    options: { value: string; label: string }[],
    value?: string,
  ) => (
    <TextField
      select
      size="small"
      label={label}
      value={value ?? ''}
      onChange={(e) => set(key, e.target.value)}
      sx={{ minWidth: 140 }}
      slotProps={{ htmlInput: { 'data-testid': `filter-${key}` } }}
    >
      <MenuItem value="">{t('systems.all')}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Page title={t('systems.title')}>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
        <TextField
          size="small"
          label={t('systems.search')}
          defaultValue={filter.search ?? ''}
          onChange={(e) => set('q', e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'filter-search' } }}
        />
        {select(
          'department',
          t('systems.department'),
          (orgs.data ?? [])
            .filter((o) => o.kind !== 'province')
            .map((o) => ({ value: o.id, label: f.name(o.name) })),
          filter.department,
        )}
        {select(
          'network',
          t('systems.network'),
          NETWORKS.map((n) => ({ value: n, label: t(`network.${n}`) })),
          filter.network,
        )}
        {select(
          'wave',
          t('systems.wave'),
          (waves.data ?? []).map((w) => ({ value: w.id, label: f.name(w.name) })),
          filter.wave,
        )}
        {select(
          'stage',
          t('systems.stage'),
          STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
          filter.stage,
        )}
        {select(
          'health',
          t('systems.health'),
          HEALTHS.map((h) => ({ value: h, label: t(`health.${h}`) })),
          filter.health,
        )}
      </Stack>
      <Loading query={query}>
        {(rows) => (
          <>
            <Typography variant="body2" data-testid="systems-count">
              {t('systems.count', { count: rows.length })}
            </Typography>
            <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: '70vh' }}>
              <Table size="small" stickyHeader aria-label={t('systems.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('systems.name')}</TableCell>
                    <TableCell>{t('systems.department')}</TableCell>
                    <TableCell>{t('systems.network')}</TableCell>
                    <TableCell>{t('systems.wave')}</TableCell>
                    <TableCell>{t('systems.stage')}</TableCell>
                    <TableCell>{t('systems.health')}</TableCell>
                    <TableCell align="right">{t('systems.blockers')}</TableCell>
                    <TableCell>{t('systems.cutover')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((s) => (
                    <TableRow key={s.id} hover data-testid={`system-row-${s.id}`}>
                      <TableCell>
                        <Link to={`/systems/${s.id}`}>{f.name(s.name)}</Link>
                        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                          {s.id}
                        </Typography>
                      </TableCell>
                      <TableCell>{f.name(s.departmentName)}</TableCell>
                      <TableCell>{t(`network.${s.network}`)}</TableCell>
                      <TableCell>{s.wave}</TableCell>
                      <TableCell>
                        <StageChip stage={s.stage} />
                      </TableCell>
                      <TableCell>
                        <HealthChip health={s.health} />
                      </TableCell>
                      <TableCell align="right">{s.blockers.length || ''}</TableCell>
                      <TableCell>{f.date(s.cutover)}</TableCell>
                    </TableRow>
                  ))}
                  {rows.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={8}>{t('systems.none')}</TableCell>
                    </TableRow>
                  )}
                </TableBody>
              </Table>
            </TableContainer>
          </>
        )}
      </Loading>
    </Page>
  );
}
