// The sandbox province's probes and legacy sites, as its Prometheus answers the endpoint queries:
// a system's public names answer the blackbox probe from its serving milestone (a limping system
// with 503); its legacy site is busy until ten days after the cut-over, when the last users have
// moved — except a few stubborn sites that keep serving, which the tracker must flag once their
// retirement is signed.
import type { Plan } from '@yunqian/plan';
import { endpointQueries, DEFAULT_ENDPOINT_QUERIES } from '../prometheus/endpoint-source.ts';
import { hash, milestones } from './timeline.ts';

type Row = { metric: Record<string, string>; value: number };
const DAY = 86_400_000;
const WINDOW = DEFAULT_ENDPOINT_QUERIES.legacyQuietDays * DAY;

function probes(at: number, plan: Plan, pick: (ok: boolean, limping: boolean) => number): Row[] {
  return plan.systems.flatMap((s) => {
    if (!s.publicNames?.length) return [];
    const m = milestones(s);
    return s.publicNames.map((name) => ({
      metric: { job: 'blackbox', instance: `https://${name}/` },
      value: pick(at >= m.serving, m.limping),
    }));
  });
}

/** When a system's legacy site stops answering (never, for a stubborn one), and its request rate. */
function legacySite(s: Plan['systems'][number]) {
  const m = milestones(s);
  const h = hash(`${s.id}/legacy`);
  return { busyUntil: h % 13 === 3 ? Infinity : m.cutover + 10 * DAY, rate: 0.2 + (h % 50) / 10 };
}

function legacy(at: number, plan: Plan, pick: (busyUntil: number, rate: number) => number): Row[] {
  return plan.systems.flatMap((s) => {
    if (!s.legacyHosts?.length || s.strategy === 'retain') return [];
    const { busyUntil, rate } = legacySite(s);
    return s.legacyHosts.map((host) => ({ metric: { host }, value: pick(busyUntil, rate) }));
  });
}

const q = endpointQueries(DEFAULT_ENDPOINT_QUERIES);

export const ENDPOINT_ANSWERS: Record<string, (at: number, plan: Plan) => Row[]> = {
  [q.probeSuccess]: (at, p) => probes(at, p, (ok, limping) => (ok && !limping ? 1 : 0)),
  [q.probeStatus]: (at, p) => probes(at, p, (ok, limping) => (ok ? (limping ? 503 : 200) : 0)),
  [q.legacyRequests]: (at, p) =>
    legacy(at, p, (until, rate) => (Math.max(0, Math.min(at, until) - (at - WINDOW)) / 1000) * rate),
  [q.legacyRate]: (at, p) => legacy(at, p, (until, rate) => (at < until ? rate : 0)),
  // The legacy proxies have counted for years: the window's first sample is its start.
  [q.legacySince]: (at, p) => legacy(at, p, () => Math.floor((at - WINDOW) / 1000)),
};
