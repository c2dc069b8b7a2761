// Writes deploy/grafana/yunqian.json: a Grafana dashboard over Yunqian's own /metrics, so an
// existing Grafana can chart migration progress and capacity. Run: pnpm grafana:dashboard
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ds = { type: 'prometheus', uid: '${datasource}' };
type Panel = {
  title: string;
  type: string;
  exprs: [string, string][];
  unit?: string;
  w?: number;
  h?: number;
  stack?: boolean;
};

const panels: Panel[] = [
  {
    title: '上云率 Migration rate',
    type: 'stat',
    exprs: [['yunqian_migration_rate_ratio{department=""}', '']],
    unit: 'percentunit',
    w: 6,
  },
  {
    title: '阻塞系统 Blocked systems',
    type: 'stat',
    exprs: [['yunqian_blocked_systems', '{{network}}']],
    w: 6,
  },
  {
    title: '算力耗尽日期 Run-out date',
    type: 'stat',
    exprs: [['yunqian_capacity_runout_timestamp_seconds * 1000', '{{network}}']],
    unit: 'dateTimeAsLocalNoDateIfToday',
    w: 6,
  },
  {
    title: '数据源 Sources up',
    type: 'stat',
    exprs: [['sum(yunqian_source_up) / count(yunqian_source_up)', '']],
    unit: 'percentunit',
    w: 6,
  },
  {
    title: '各阶段系统数 Systems by stage',
    type: 'timeseries',
    exprs: [['sum by (stage) (yunqian_systems)', '{{stage}}']],
    stack: true,
    w: 12,
  },
  {
    title: '各部门上云率 Migration rate by department',
    type: 'bargauge',
    exprs: [['sort_desc(yunqian_migration_rate_ratio{department!=""})', '{{department}}']],
    unit: 'percentunit',
    w: 12,
  },
  {
    title: 'CPU 余量 CPU headroom',
    type: 'timeseries',
    exprs: [
      ['yunqian_capacity_headroom_cores', '{{network}}'],
      ['yunqian_capacity_planned_demand_cores', '{{network}} planned'],
    ],
    unit: 'none',
    w: 12,
  },
  {
    title: '内存余量 Memory headroom',
    type: 'timeseries',
    exprs: [['yunqian_capacity_headroom_bytes', '{{network}}']],
    unit: 'bytes',
    w: 12,
  },
  {
    title: 'CPU 分配与使用 CPU allocatable / requested / used',
    type: 'timeseries',
    exprs: [
      ['yunqian_capacity_allocatable_cores', '{{network}} allocatable'],
      ['yunqian_capacity_requested_cores', '{{network}} requested'],
      ['yunqian_capacity_usage_cores', '{{network}} used'],
    ],
    w: 12,
  },
  {
    title: '内存分配与使用 Memory allocatable / requested / used',
    type: 'timeseries',
    exprs: [
      ['yunqian_capacity_allocatable_bytes', '{{network}} allocatable'],
      ['yunqian_capacity_requested_bytes', '{{network}} requested'],
      ['yunqian_capacity_usage_bytes', '{{network}} used'],
    ],
    unit: 'bytes',
    w: 12,
  },
  {
    title: '数据源时效 Source staleness',
    type: 'timeseries',
    exprs: [['yunqian_source_staleness_seconds', '{{source}}']],
    unit: 's',
    w: 12,
  },
  {
    title: '计划问题 Plan problems',
    type: 'timeseries',
    exprs: [['yunqian_plan_problems', '{{severity}}']],
    w: 12,
  },
  {
    title: 'HTTP 请求 Requests',
    type: 'timeseries',
    exprs: [['sum by (status) (rate(yunqian_http_requests_total[5m]))', '{{status}}']],
    unit: 'reqps',
    w: 12,
  },
  {
    title: 'HTTP 延迟 p95 Latency',
    type: 'timeseries',
    exprs: [
      [
        'histogram_quantile(0.95, sum by (le, route) (rate(yunqian_http_request_duration_seconds_bucket[5m])))',
        '{{route}}',
      ],
    ],
    unit: 's',
    w: 12,
  },
  {
    title: '跟踪计算 Tracker recompute',
    type: 'timeseries',
    exprs: [['yunqian_tracker_recompute_seconds', '']],
    unit: 's',
    w: 12,
  },
  {
    title: '进程内存 Process memory',
    type: 'timeseries',
    exprs: [['yunqian_process_resident_memory_bytes', '']],
    unit: 'bytes',
    w: 12,
  },
];

export function grafanaDashboard() {
  let x = 0;
  let y = 0;
  return {
    title: '云迁 Yunqian — 迁移与容量 Migration & capacity',
    uid: 'yunqian-overview',
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-30d', to: 'now' },
    refresh: '1m',
    tags: ['yunqian', 'migration', 'capacity'],
    templating: {
      list: [
        { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {} },
      ],
    },
    panels: panels.map((p, id) => {
      const w = p.w ?? 12;
      const h = p.h ?? (p.type === 'stat' ? 4 : 8);
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      const gridPos = { x, y, w, h };
      x += w;
      return {
        id: id + 1,
        type: p.type,
        title: p.title,
        datasource: ds,
        gridPos,
        fieldConfig: {
          defaults: {
            unit: p.unit ?? 'short',
            ...(p.stack ? { custom: { stacking: { mode: 'normal' } } } : {}),
          },
          overrides: [],
        },
        targets: p.exprs.map(([expr, legendFormat], i) => ({
          refId: String.fromCharCode(65 + i),
          datasource: ds,
          expr,
          legendFormat,
        })),
      };
    }),
  };
}

export const DASHBOARD_FILE = new URL('../deploy/grafana/yunqian.json', import.meta.url);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  writeFileSync(DASHBOARD_FILE, JSON.stringify(grafanaDashboard(), null, 2) + '\n');
