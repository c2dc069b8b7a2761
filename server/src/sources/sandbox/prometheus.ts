// The sandbox's Prometheus: answers Yunqian's queries in the HTTP API's wire format, so the real
// client parses the sandbox's answers exactly as it parses a real server's. It knows Yunqian's
// own queries by their text (it is a stand-in, not a PromQL engine) and answers them from the
// same province load that the sandbox's Kubernetes shows.
import type { Plan } from '@yunqian/plan';
import type { PromTransport } from '../prometheus/client.ts';
import {
  billingQueries,
  BILLING_STEP_SECONDS,
  BILLING_WINDOW_SECONDS,
  SNAPSHOT_QUERIES,
  TREND_QUERIES,
  TREND_STEP_SECONDS,
} from '../prometheus/capacity-queries.ts';
import { milestones, hash } from './timeline.ts';
import { namespaceFor, placement, SANDBOX_CLUSTERS } from './clusters.ts';
import { NODE_ALLOCATABLE, SANDBOX_NODES, provinceLoad, type TenantLoad } from './load.ts';
import { ENDPOINT_ANSWERS } from './endpoints.ts';

type Row = { metric: Record<string, string>; value: number };

const perNamespace = (at: number, plan: Plan, pick: (l: TenantLoad) => number): Row[] =>
  provinceLoad(plan, at).map((l) => ({
    metric: { cluster: l.cluster, namespace: l.namespace },
    value: pick(l),
  }));

const allocatable = (): Row[] =>
  SANDBOX_CLUSTERS.flatMap((c) =>
    (['cpu', 'memory'] as const).map((resource) => ({
      metric: { cluster: c.id, resource },
      value: (SANDBOX_NODES[c.id] ?? 0) * NODE_ALLOCATABLE[resource],
    })),
  );

function quota(at: number, plan: Plan, type: 'hard' | 'used'): Row[] {
  return provinceLoad(plan, at).flatMap((l) =>
    l.quotaHard.cpu > 0
      ? (['cpu', 'memory'] as const).map((r) => ({
          metric: { cluster: l.cluster, namespace: l.namespace, resource: `requests.${r}` },
          value: type === 'hard' ? l.quotaHard[r] : l.requests[r],
        }))
      : [],
  );
}

function perCluster(at: number, plan: Plan, pick: (l: TenantLoad) => number, resource?: string): Row[] {
  const sums = new Map<string, number>();
  for (const l of provinceLoad(plan, at)) sums.set(l.cluster, (sums.get(l.cluster) ?? 0) + pick(l));
  return [...sums].map(([cluster, value]): Row => ({
    metric: resource ? { cluster, resource } : { cluster },
    value,
  }));
}

function traffic(at: number, plan: Plan): Row[] {
  const rows: Row[] = [];
  for (const s of plan.systems) {
    if (s.strategy === 'retire' || s.strategy === 'retain') continue;
    const m = milestones(s);
    if (at < m.running) continue;
    rows.push({
      metric: { cluster: placement(s).id, namespace: namespaceFor(s) },
      value: at >= m.serving ? 0.5 + (hash(s.id) % 2000) / 10 : 0,
    });
  }
  return rows;
}

const INSTANT: Record<string, (at: number, plan: Plan) => Row[]> = {
  [SNAPSHOT_QUERIES.allocatable]: () => allocatable(),
  [SNAPSHOT_QUERIES.requestsCpu]: (at, p) => perNamespace(at, p, (l) => l.requests.cpu),
  [SNAPSHOT_QUERIES.requestsMemory]: (at, p) => perNamespace(at, p, (l) => l.requests.memory),
  [SNAPSHOT_QUERIES.usageCpu]: (at, p) => perNamespace(at, p, (l) => l.usage.cpu),
  [SNAPSHOT_QUERIES.usageMemory]: (at, p) => perNamespace(at, p, (l) => l.usage.memory),
  [SNAPSHOT_QUERIES.quotaHard]: (at, p) => quota(at, p, 'hard'),
  [SNAPSHOT_QUERIES.quotaUsed]: (at, p) => quota(at, p, 'used'),
  [SNAPSHOT_QUERIES.storage]: (at, p) => perNamespace(at, p, (l) => l.storage).filter((r) => r.value > 0),
};

/**
 * The window's sum of hourly allocation per namespace, as the billing queries return it. The
 * sandbox samples its province once a day and counts each sample for the day's 24 hours.
 */
function billed(at: number, plan: Plan, pick: (l: TenantLoad) => number): Row[] {
  const sums = new Map<string, Row>();
  const stepsPerSample = 86_400 / BILLING_STEP_SECONDS;
  for (let t = at - BILLING_WINDOW_SECONDS * 1000 + 86_400_000; t <= at; t += 86_400_000)
    for (const l of provinceLoad(plan, t)) {
      const k = `${l.cluster}/${l.namespace}`;
      let r = sums.get(k);
      if (!r) sums.set(k, (r = { metric: { cluster: l.cluster, namespace: l.namespace }, value: 0 }));
      r.value += pick(l) * stepsPerSample;
    }
  return [...sums.values()].filter((r) => r.value > 0);
}

const BILLING = billingQueries();
INSTANT[BILLING.cpu] = (at, p) => billed(at, p, (l) => Math.max(l.requests.cpu, l.usage.cpu));
INSTANT[BILLING.memory] = (at, p) => billed(at, p, (l) => Math.max(l.requests.memory, l.usage.memory));
INSTANT[BILLING.storage] = (at, p) => billed(at, p, (l) => l.storage);

Object.assign(INSTANT, ENDPOINT_ANSWERS);

const RANGE: Record<string, (at: number, plan: Plan) => Row[]> = {
  [TREND_QUERIES.allocatable]: () => allocatable(),
  [TREND_QUERIES.requests]: (at, p) => [
    ...perCluster(at, p, (l) => l.requests.cpu, 'cpu'),
    ...perCluster(at, p, (l) => l.requests.memory, 'memory'),
  ],
  [TREND_QUERIES.usageCpu]: (at, p) => perCluster(at, p, (l) => l.usage.cpu),
  [TREND_QUERIES.usageMemory]: (at, p) => perCluster(at, p, (l) => l.usage.memory),
};

const error = (error: string) => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error } });
const ok = (resultType: string, result: unknown) => ({
  status: 200,
  body: { status: 'success', data: { resultType, result } },
});

export function sandboxPrometheus(plan: () => Plan | null, clock: () => Date): PromTransport {
  return async (path, form) => {
    const query = form.get('query') ?? '';
    const p = plan();
    if (path === 'api/v1/query_range') {
      const answer = RANGE[query];
      if (!answer) return error(`the sandbox does not know this range query: ${query.slice(0, 80)}`);
      const start = Number(form.get('start'));
      const end = Number(form.get('end'));
      const step = Number(form.get('step')) || TREND_STEP_SECONDS;
      const series = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
      for (let t = start; p && t <= end; t += step)
        for (const r of answer(t * 1000, p)) {
          const k = JSON.stringify(r.metric);
          if (!series.has(k)) series.set(k, { metric: r.metric, values: [] });
          series.get(k)!.values.push([t, String(r.value)]);
        }
      return ok('matrix', [...series.values()]);
    }
    if (path !== 'api/v1/query') return error(`unknown API path ${path}`);
    const at = form.has('time') ? Number(form.get('time')) * 1000 : clock().getTime();
    // Anything else is taken for a traffic query (the configurable serving signal).
    const rows = p ? (INSTANT[query] ?? traffic)(at, p) : [];
    return ok(
      'vector',
      rows.map((r) => ({ metric: r.metric, value: [at / 1000, String(r.value)] })),
    );
  };
}
