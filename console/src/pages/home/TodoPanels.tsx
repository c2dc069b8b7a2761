// What waits on the person looking: the operator's sign-offs to confirm, the department's
// systems ready to sign, the leader's overdue and blocked systems by department. Each line opens
// the place where it is done. The lists are the server's (systems.todo, overview); the console
// only shows them.
import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';

type Todo = Outputs['systems']['todo']['toConfirm'][number];
type Department = Outputs['overview']['get']['departments'][number];

/** Sign-offs waiting on this viewer: `toConfirm` for operators, `toSign` for departments. */
export function SignoffTodo({ list }: { list: 'toConfirm' | 'toSign' }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.systems.todo.queryOptions());
  return (
    <Panel title={t(`todo.${list}`)} testId={`todo-${list}`}>
      <Loading query={query}>
        {(d) =>
          d[list].length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {t(`todo.${list}None`)}
            </Typography>
          ) : (
            <List dense disablePadding>
              {d[list].slice(0, 20).map((x: Todo) => (
                <ListItem key={`${x.id}-${x.kind}`} disableGutters data-todo={x.id}>
                  <ListItemText
                    primary={
                      <Link to={`/systems/${encodeURIComponent(x.id)}`}>
                        {t(`todo.kind.${x.kind}`)} · {f.name(x.name)}
                      </Link>
                    }
                    secondary={
                      list === 'toConfirm'
                        ? t('todo.signedBy', {
                            department: f.name(x.departmentName),
                            who: x.signedBy ?? '',
                            time: f.dateTime(x.since === null ? null : String(x.since)),
                          })
                        : f.name(x.departmentName)
                    }
                  />
                </ListItem>
              ))}
              {d[list].length > 20 && (
                <Typography variant="caption" color="text.secondary">
                  {t('todo.more', { count: d[list].length - 20 })}
                </Typography>
              )}
            </List>
          )
        }
      </Loading>
    </Panel>
  );
}

/** The leader's: departments with overdue or blocked systems, most first, each opening its list. */
export function DepartmentsToWatch({ departments }: { departments: Department[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = departments
    .filter((d) => d.rollup.overdue + d.rollup.blocked > 0)
    .sort((a, b) => b.rollup.overdue + b.rollup.blocked - (a.rollup.overdue + a.rollup.blocked));
  const link = (d: Department, filter: string, n: number) =>
    n ? <Link to={`/systems?department=${encodeURIComponent(d.id)}&${filter}=true`}>{f.num(n)}</Link> : '0';
  const columns: Column<Department>[] = [
    {
      field: 'name',
      headerName: t('todo.department'),
      flex: 2,
      minWidth: 140,
      valueGetter: (_v, d) => f.name(d.name),
    },
    {
      field: 'overdue',
      headerName: t('overview.overdue'),
      type: 'number',
      width: 90,
      valueGetter: (_v, d) => d.rollup.overdue,
      renderCell: (p) => link(p.row, 'overdue', p.row.rollup.overdue),
    },
    {
      field: 'blocked',
      headerName: t('overview.blocked'),
      type: 'number',
      width: 90,
      valueGetter: (_v, d) => d.rollup.blocked,
      renderCell: (p) => link(p.row, 'blocked', p.row.rollup.blocked),
    },
  ];
  return (
    <Panel title={t('todo.watch')} testId="todo-watch">
      <DataTable
        id="departments-to-watch"
        title={t('todo.watch')}
        rows={rows}
        columns={columns}
        getRowId={(d) => d.id}
      />
    </Panel>
  );
}
