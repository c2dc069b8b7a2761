// A department's home: its own migration figures, its systems by stage with blockers, and its
// resource requests. Everything here is already limited to the department by the server.
import { Button, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useEvidenceList } from '../../app/evidence-text.ts';
import { useSession } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { Kpi } from '../../components/Kpi.tsx';
import { HeadlineFigures } from '../overview/HeadlineFigures.tsx';
import { StageChip } from '../../components/chips.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { RequestTable } from '../requests/RequestsPage.tsx';
import { SignoffTodo } from './TodoPanels.tsx';

type System = Outputs['systems']['list']['rows'][number];

export default function DepartmentHome() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const session = useSession();
  const overview = useQuery(trpc.overview.get.queryOptions());
  const systems = useQuery(
    trpc.systems.list.queryOptions({ limit: 20_000, sort: { field: 'cutover', dir: 'asc' } }),
  );
  const requests = useQuery(trpc.requests.list.queryOptions({}));
  const department = overview.data?.departments[0];
  return (
    <Page title={department ? f.name(department.name) : t('home.departmentTitle')}>
      <Stack
        spacing={2}
        data-testid="home-department"
        data-department={session.data?.viewer?.department ?? ''}
      >
        <Loading query={overview}>
          {(o) => (
            <HeadlineFigures
              data={o}
              extra={
                <Kpi
                  id="requests"
                  label={t('home.pendingRequests')}
                  value={f.num(o.requests.pending)}
                  to="/requests"
                />
              }
            />
          )}
        </Loading>
        <SignoffTodo list="toSign" />
        <Panel
          title={
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <span>{t('home.mySystems')}</span>
              <Button size="small" component={Link} to="/dependencies" data-testid="open-dependencies">
                {t('dependencies.open')}
              </Button>
            </Stack>
          }
        >
          <Loading query={systems}>{(d) => <MySystems rows={d.rows} />}</Loading>
        </Panel>
        <Panel title={t('home.myRequests')}>
          <Loading query={requests}>{(rows) => <RequestTable rows={rows} onDecide={null} />}</Loading>
        </Panel>
      </Stack>
    </Page>
  );
}

function MySystems({ rows }: { rows: System[] }) {
  const { t } = useTranslation();
  const blockerList = useEvidenceList();
  const f = useFormat();
  const columns: Column<System>[] = [
    {
      field: 'name',
      headerName: t('systems.name'),
      flex: 2,
      minWidth: 200,
      valueGetter: (_v, s) => f.name(s.name),
      renderCell: (p) => <Link to={`/systems/${p.row.id}`}>{p.value as string}</Link>,
    },
    { field: 'network', headerName: t('systems.network'), valueGetter: (_v, s) => t(`network.${s.network}`) },
    {
      field: 'stage',
      headerName: t('systems.stage'),
      width: 120,
      valueGetter: (_v, s) => t(`stage.${s.stage}`),
      renderCell: (p) => <StageChip stage={p.row.stage} />,
    },
    {
      field: 'blockers',
      headerName: t('systems.blockers'),
      flex: 2,
      minWidth: 200,
      valueGetter: (_v, s) => blockerList('blocker', s.blockers),
    },
    {
      field: 'cutover',
      headerName: t('systems.cutover'),
      width: 130,
      valueFormatter: (v: string | null) => f.date(v),
    },
  ];
  if (!rows.length) return <Typography>{t('systems.none')}</Typography>;
  return <DataTable id="my-systems" title={t('home.mySystems')} rows={rows} columns={columns} />;
}
