// A department's dependency map: which of its systems call which, and every edge that crosses
// between the internal and external networks (each such edge needs an approved exchange channel).
import { Alert, MenuItem, Stack, TextField, Typography, useTheme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useSession } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { layoutGraph, NODE_H, NODE_W } from './layout.ts';

type Graph = Outputs['systems']['dependencies'];
type Edge = Graph['edges'][number];

export default function DependenciesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const allScope = session.data?.viewer?.role !== 'department';
  const orgs = useQuery(trpc.meta.organisations.queryOptions(undefined, { enabled: allScope }));
  const departments = (orgs.data ?? []).filter((o) => o.kind === 'department' || o.kind === 'city');
  // Across the whole cloud the map would be unreadable: operators and leaders pick a department.
  const department = params.get('department') ?? (allScope ? departments[0]?.id : undefined);
  const graph = useQuery(
    trpc.systems.dependencies.queryOptions({ department }, { enabled: !allScope || !!department }),
  );
  return (
    <Page title={t('dependencies.title')}>
      {allScope && (
        <TextField
          select
          size="small"
          label={t('app.department')}
          value={department ?? ''}
          onChange={(e) => setParams({ department: e.target.value }, { replace: true })}
          sx={{ maxWidth: 320 }}
          slotProps={{ htmlInput: { 'data-testid': 'dependencies-department' } }}
        >
          {departments.map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {f.name(d.name)}
            </MenuItem>
          ))}
        </TextField>
      )}
      <Loading query={graph}>{(g) => <DependencyMap graph={g} />}</Loading>
    </Page>
  );
}

function DependencyMap({ graph }: { graph: Graph }) {
  const { t } = useTranslation();
  const f = useFormat();
  const theme = useTheme();
  if (!graph.edges.length) return <Alert severity="info">{t('dependencies.none')}</Alert>;
  const label = (n: Graph['nodes'][number]) => f.name(n.name) || n.id;
  const { placed, width, height } = layoutGraph(
    graph.nodes.map((n) => ({ ...n, label: label(n) })),
    graph.edges,
  );
  const crossing = graph.edges.filter((e) => e.crossNetwork).length;
  const networkColour = (n: string | null) =>
    n === 'internal'
      ? theme.palette.primary.main
      : n === 'external'
        ? theme.palette.success.dark
        : theme.palette.grey[600];
  const cross = theme.palette.error.main;
  const pad = 12;
  return (
    <Stack spacing={2}>
      <Typography variant="body2" data-testid="dependencies-summary">
        {t('dependencies.summary', {
          systems: graph.nodes.filter((n) => n.own).length,
          edges: graph.edges.length,
          crossing,
        })}
      </Typography>
      <Panel>
        <Stack direction="row" spacing={3} sx={{ mb: 1, flexWrap: 'wrap' }} aria-hidden>
          <Legend colour={networkColour('internal')} label={t('network.internal')} />
          <Legend colour={networkColour('external')} label={t('network.external')} />
          <Legend colour={cross} label={t('dependencies.crossing')} dashed />
        </Stack>
        <div style={{ overflow: 'auto', maxHeight: '70vh' }}>
          <svg
            width={width + pad * 2}
            height={height + pad * 2}
            // A group, not an image: its nodes are links (the table below says the same in rows).
            role="group"
            aria-label={t('dependencies.aria', { edges: graph.edges.length, crossing })}
            data-testid="dependency-map"
          >
            <defs>
              <marker
                id="arrow"
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" fill={theme.palette.grey[600]} />
              </marker>
              <marker
                id="arrow-cross"
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" fill={cross} />
              </marker>
            </defs>
            <g transform={`translate(${pad},${pad})`}>
              {graph.edges.map((e) => {
                const a = placed.get(e.from);
                const b = placed.get(e.to);
                if (!a || !b) return null;
                const x1 = a.x + NODE_W;
                const y1 = a.y + NODE_H / 2;
                const x2 = b.x;
                const y2 = b.y + NODE_H / 2;
                const mid = (x1 + x2) / 2;
                return (
                  <path
                    key={`${e.from}->${e.to}`}
                    data-testid={`edge-${e.from}-${e.to}`}
                    data-cross={e.crossNetwork}
                    d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
                    fill="none"
                    stroke={e.crossNetwork ? cross : theme.palette.grey[500]}
                    strokeWidth={e.crossNetwork ? 2.5 : 1.5}
                    strokeDasharray={e.crossNetwork ? '6 4' : undefined}
                    markerEnd={`url(#${e.crossNetwork ? 'arrow-cross' : 'arrow'})`}
                  />
                );
              })}
              {[...placed.values()].map(({ node, x, y }) => (
                <NodeLink key={node.id} id={node.id} visible={node.stage !== null}>
                  <g transform={`translate(${x},${y})`} data-testid={`node-${node.id}`}>
                    <rect
                      width={NODE_W}
                      height={NODE_H}
                      rx={6}
                      fill={node.own ? theme.palette.background.paper : theme.palette.grey[100]}
                      stroke={networkColour(node.network)}
                      strokeWidth={2}
                      strokeDasharray={node.own ? undefined : '3 3'}
                    />
                    <text x={8} y={18} fontSize={13} fill={theme.palette.text.primary}>
                      {node.label.length > 16 ? `${node.label.slice(0, 15)}…` : node.label}
                    </text>
                    <text x={8} y={36} fontSize={11} fill={theme.palette.text.secondary}>
                      {node.network ? t(`network.${node.network}`) : ''}
                      {node.stage ? ` · ${t(`stage.${node.stage}`)}` : ''}
                    </text>
                  </g>
                </NodeLink>
              ))}
            </g>
          </svg>
        </div>
      </Panel>
      <EdgeTable graph={graph} label={label} />
    </Stack>
  );
}

/**
 * A node the viewer may see opens its system (an SVG link, so it is followed by keyboard too); a
 * node outside the viewer's scope is named only.
 */
function NodeLink({ id, visible, children }: { id: string; visible: boolean; children: React.ReactNode }) {
  const navigate = useNavigate();
  if (!visible) return <>{children}</>;
  const href = `/systems/${encodeURIComponent(id)}`;
  return (
    <a
      href={href}
      data-testid={`node-link-${id}`}
      onClick={(e) => {
        e.preventDefault();
        void navigate(href);
      }}
    >
      {children}
    </a>
  );
}

function Legend({ colour, label, dashed }: { colour: string; label: string; dashed?: boolean }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <svg width={28} height={10}>
        <line
          x1={0}
          y1={5}
          x2={28}
          y2={5}
          stroke={colour}
          strokeWidth={3}
          strokeDasharray={dashed ? '6 4' : undefined}
        />
      </svg>
      <Typography variant="caption">{label}</Typography>
    </Stack>
  );
}

/** The same edges as a table: readable by screen readers, sortable, exportable. */
function EdgeTable({ graph, label }: { graph: Graph; label: (n: Graph['nodes'][number]) => string }) {
  const { t } = useTranslation();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? `${label(n)} (${n.network ? t(`network.${n.network}`) : '—'})` : id;
  };
  const columns: Column<Edge>[] = [
    { field: 'from', headerName: t('dependencies.from'), flex: 1, valueGetter: (_v, e) => name(e.from) },
    { field: 'to', headerName: t('dependencies.to'), flex: 1, valueGetter: (_v, e) => name(e.to) },
    { field: 'channel', headerName: t('dependencies.channel'), width: 160 },
    {
      field: 'crossNetwork',
      headerName: t('dependencies.crossing'),
      width: 140,
      valueGetter: (_v, e) => (e.crossNetwork ? t('dependencies.yes') : t('dependencies.no')),
    },
  ];
  return (
    <DataTable
      id="dependencies"
      title={t('dependencies.title')}
      rows={graph.edges}
      columns={columns}
      getRowId={(e) => `${e.from}->${e.to}`}
    />
  );
}
