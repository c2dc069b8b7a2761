// Derives a system's stage from evidence. The stage is the highest step of the path whose
// evidence holds together with the evidence of every step before it, so a stage can never be
// reached by skipping one, and losing evidence (a namespace deleted, workloads gone) moves the
// system back.
import type { PlannedSystem } from '@yunqian/plan';
import type { Evidence, Stage, Tenant } from '../model/index.ts';
import { signoffKey, tenantKey, type TrackContext } from './context.ts';

export interface StageResult {
  stage: Stage;
  evidence: Evidence[];
  waitingFor: Evidence | null;
  /** Tenants that count for this system (live, on its network, and declared where stacks are read). */
  tenants: Tenant[];
  /** Live on the system's network but declared by no stack. */
  undeclared: Tenant[];
  /** Declared by a stack but not live. */
  missing: { namespace: string; stack: string }[];
}

type Step = (ctx: TrackContext, s: PlannedSystem, tenants: Tenant[]) => Omit<Evidence, 'stage'> | { missing: Omit<Evidence, 'stage'> };

const ev = (source: Evidence['source'], code: string, observedAt: string, params: Evidence['params'] = {}) => ({ source, code, params, observedAt });
const missing = (source: Evidence['source'], code: string, observedAt: string, params: Evidence['params'] = {}) => ({ missing: ev(source, code, observedAt, params) });

const steps: [Stage, Step][] = [
  ['deployed', (ctx, _s, tenants) => {
    const n = tenants.reduce((sum, t) => sum + t.workloads.length, 0);
    return n > 0
      ? ev('kubernetes', 'workloads-present', ctx.nowIso, { workloads: n, namespaces: tenants.map((t) => t.namespace).join(', ') })
      : missing('kubernetes', 'no-workloads', ctx.nowIso);
  }],
  ['running', (ctx, _s, tenants) => {
    const workloads = tenants.flatMap((t) => t.workloads).filter((w) => w.desired > 0);
    const notReady = workloads.filter((w) => w.ready < w.desired || !w.readySince);
    if (workloads.length === 0) return missing('kubernetes', 'no-replicas-desired', ctx.nowIso);
    if (notReady.length) {
      return missing('kubernetes', 'workloads-not-ready', ctx.nowIso, { notReady: notReady.length, workloads: workloads.length });
    }
    const since = workloads.reduce((max, w) => (w.readySince! > max ? w.readySince! : max), '');
    const readyForMs = ctx.now - Date.parse(since);
    if (readyForMs < ctx.config.runningForMs) {
      return missing('kubernetes', 'ready-not-long-enough', ctx.nowIso, { since, requiredMinutes: Math.round(ctx.config.runningForMs / 60_000) });
    }
    return ev('kubernetes', 'workloads-ready', ctx.nowIso, { workloads: workloads.length, since });
  }],
  ['serving', (ctx, _s, tenants) => {
    if (!ctx.trafficByTenant) return ev('prometheus', 'no-metrics-source', ctx.nowIso);
    let value = 0;
    let observedAt = ctx.nowIso;
    for (const t of tenants) {
      const traffic = ctx.trafficByTenant.get(tenantKey(t.cluster, t.namespace));
      if (traffic && Number.isFinite(traffic.value)) {
        value += traffic.value;
        observedAt = traffic.observedAt;
      }
    }
    const rounded = Math.round(value * 1000) / 1000;
    return value >= ctx.config.servingThreshold
      ? ev('prometheus', 'traffic-observed', observedAt, { value: rounded, threshold: ctx.config.servingThreshold })
      : missing('prometheus', 'no-traffic', observedAt, { value: rounded, threshold: ctx.config.servingThreshold });
  }],
  ['cut-over', (ctx, s) => signoffStep(ctx, s.id, 'cut-over')],
  ['migrated', (ctx, s) => signoffStep(ctx, s.id, 'legacy-retired')],
];

function signoffStep(ctx: TrackContext, system: string, kind: 'cut-over' | 'legacy-retired') {
  const so = ctx.signoffs.get(signoffKey(system, kind));
  return so
    ? ev('signoff', `signoff-${kind}`, so.confirmedAt!, { signedBy: so.signedBy, confirmedBy: so.confirmedBy ?? '', signedAt: so.signedAt })
    : missing('signoff', `awaiting-${kind}`, ctx.nowIso);
}

export function evaluateStage(ctx: TrackContext, s: PlannedSystem): StageResult {
  const planned: Evidence = { stage: 'planned', ...ev('plan', 'in-plan', ctx.nowIso, { file: s.file, wave: s.wave }) };
  const live = (ctx.tenantsBySystem.get(s.id) ?? []).filter((t) => t.network === s.network);
  const base = { evidence: [planned], tenants: [] as Tenant[], undeclared: [] as Tenant[], missing: [] as StageResult['missing'] };

  if (s.strategy === 'retain') {
    return { ...base, stage: 'retained', evidence: [planned, { ...planned, stage: 'retained', code: 'retained-by-plan' }], waitingFor: null };
  }
  if (s.strategy === 'retire') {
    const r = signoffStep(ctx, s.id, 'legacy-retired');
    return 'missing' in r
      ? { ...base, stage: 'planned', waitingFor: { stage: 'retired', ...r.missing } }
      : { ...base, stage: 'retired', evidence: [planned, { stage: 'retired', ...r }], waitingFor: null };
  }

  const declared = ctx.declaredBySystem?.get(s.id) ?? [];
  const declaredNs = new Set(declared.filter((d) => !d.network || d.network === s.network).map((d) => d.namespace));
  const tenants = ctx.declaredBySystem ? live.filter((t) => declaredNs.has(t.namespace)) : live;
  const undeclared = ctx.declaredBySystem ? live.filter((t) => !declaredNs.has(t.namespace)) : [];
  const liveNs = new Set(live.map((t) => t.namespace));
  const missingNs = declared.filter((d) => !liveNs.has(d.namespace)).map((d) => ({ namespace: d.namespace, stack: d.stack }));
  const result = { ...base, tenants, undeclared, missing: missingNs };

  if (tenants.length === 0) {
    const code = missingNs.length ? 'declared-not-live' : undeclared.length ? 'live-not-declared' : 'no-tenant';
    const source = missingNs.length || !undeclared.length ? 'kubernetes' : 'pulumi';
    const ns = (missingNs[0]?.namespace ?? undeclared[0]?.namespace ?? '') as string;
    return { ...result, stage: 'planned', waitingFor: { stage: 'provisioned', ...ev(source, code, ctx.nowIso, { namespace: ns }) } };
  }
  const names = tenants.map((t) => `${t.cluster}/${t.namespace}`).join(', ');
  const provisioned: Evidence = ctx.declaredBySystem
    ? { stage: 'provisioned', ...ev('pulumi', 'tenant-declared-and-live', ctx.nowIso, { tenants: names, stack: declared[0]!.stack }) }
    : { stage: 'provisioned', ...ev('kubernetes', 'tenant-live-no-stack-source', ctx.nowIso, { tenants: names }) };
  const evidence = [planned, provisioned];
  let stage: Stage = 'provisioned';
  for (const [next, step] of steps) {
    const r = step(ctx, s, tenants);
    if ('missing' in r) return { ...result, stage, evidence, waitingFor: { stage: next, ...r.missing } };
    evidence.push({ stage: next, ...r });
    stage = next;
  }
  return { ...result, stage, evidence, waitingFor: null };
}
