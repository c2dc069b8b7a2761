// Derives a system's stage from evidence. The stage is the highest step of the path whose
// evidence holds together with the evidence of every step before it, so a stage can never be
// reached by skipping one, and losing evidence (a namespace deleted, workloads gone) moves the
// system back.
import type { PlannedSystem } from '@yunqian/plan';
import type { DeclaredTenant, Evidence, RetainException, Stage, Tenant } from '../model/index.ts';
import { signoffOf, signedOf, systemTrafficOf, trafficOf, type TrackContext } from './context.ts';
import { NO_WORKLOADS, summariseWorkloads, type WorkloadSummary } from './workloads.ts';
import { liveFor, tenantDrift, type Drift } from './drift.ts';

export interface StageResult {
  stage: Stage;
  evidence: Evidence[];
  waitingFor: Evidence | null;
  /** Tenants that count for this system (live, on its network, and declared where stacks are read). */
  tenants: Tenant[];
  /** Live on the system's network but declared by no stack. */
  undeclared: Tenant[];
  /** Differences between what the stacks declare for this system and what is live. */
  drift: Drift[];
  workloads: WorkloadSummary;
  /** The stage is the last recorded one: a source it depends on has not synced since start. */
  held?: boolean;
}

const NONE: Tenant[] = [];

type Step = (
  ctx: TrackContext,
  s: PlannedSystem,
  tenants: Tenant[],
  stage: Stage,
  w: WorkloadSummary,
) => Evidence | { missing: Evidence };

// Evidence objects are built as literals (no spreads): the tracker makes tens of thousands per recompute.
const ev = (
  stage: Stage,
  source: Evidence['source'],
  code: string,
  observedAt: string,
  params: Evidence['params'] = {},
): Evidence => ({ stage, source, code, params, observedAt });
const missing = (
  stage: Stage,
  source: Evidence['source'],
  code: string,
  observedAt: string,
  params: Evidence['params'] = {},
) => ({ missing: ev(stage, source, code, observedAt, params) });

const steps: [Stage, Step][] = [
  [
    'deployed',
    (ctx, _s, tenants, stage, w) => {
      return w.total > 0
        ? ev(stage, 'kubernetes', 'workloads-present', ctx.nowIso, {
            workloads: w.total,
            namespaces: tenants.map((t) => t.namespace).join(', '),
          })
        : missing(stage, 'kubernetes', 'no-workloads', ctx.nowIso);
    },
  ],
  [
    'running',
    (ctx, _s, _tenants, stage, w) => {
      if (w.desired === 0) return missing(stage, 'kubernetes', 'no-replicas-desired', ctx.nowIso);
      if (w.notReady) {
        return missing(stage, 'kubernetes', 'workloads-not-ready', ctx.nowIso, {
          notReady: w.notReady,
          workloads: w.desired,
        });
      }
      const since = w.readySince;
      const readyForMs = ctx.now - Date.parse(since);
      if (readyForMs < ctx.config.runningForMs) {
        return missing(stage, 'kubernetes', 'ready-not-long-enough', ctx.nowIso, {
          since,
          requiredMinutes: Math.round(ctx.config.runningForMs / 60_000),
        });
      }
      return ev(stage, 'kubernetes', 'workloads-ready', ctx.nowIso, { workloads: w.desired, since });
    },
  ],
  [
    'serving',
    (ctx, s, tenants, stage) => {
      if (!ctx.trafficByTenant) return ev(stage, 'prometheus', 'no-metrics-source', ctx.nowIso);
      const own = systemTrafficOf(ctx, s.id);
      let value = own && Number.isFinite(own.value) ? own.value : 0;
      let observedAt = own?.observedAt ?? ctx.nowIso;
      // A system with its own query is judged by it alone; the others by their tenants' traffic.
      for (const t of own ? [] : tenants) {
        const traffic = trafficOf(ctx, t);
        if (traffic && Number.isFinite(traffic.value)) {
          value += traffic.value;
          observedAt = traffic.observedAt;
        }
      }
      const rounded = Math.round(value * 1000) / 1000;
      return value >= ctx.config.servingThreshold
        ? ev(stage, 'prometheus', 'traffic-observed', observedAt, {
            value: rounded,
            threshold: ctx.config.servingThreshold,
          })
        : missing(stage, 'prometheus', 'no-traffic', observedAt, {
            value: rounded,
            threshold: ctx.config.servingThreshold,
          });
    },
  ],
  ['cut-over', (ctx, s, _t, stage) => signoffStep(ctx, s.id, 'cut-over', stage)],
  ['migrated', (ctx, s, _t, stage) => signoffStep(ctx, s.id, 'legacy-retired', stage)],
];

function signoffStep(ctx: TrackContext, system: string, kind: 'cut-over' | 'legacy-retired', stage: Stage) {
  const so = signoffOf(ctx, system, kind);
  if (so)
    return ev(stage, 'signoff', `signoff-${kind}`, so.confirmedAt!, {
      signedBy: so.signedBy,
      confirmedBy: so.confirmedBy ?? '',
      signedAt: so.signedAt,
    });
  // Signed, not yet confirmed: the next step is the operator's, not another signature.
  const signed = signedOf(ctx, system, kind);
  return signed
    ? missing(stage, 'signoff', `awaiting-${kind}-confirmation`, ctx.nowIso, {
        signedBy: signed.signedBy,
        signedAt: signed.signedAt,
      })
    : missing(stage, 'signoff', `awaiting-${kind}`, ctx.nowIso);
}

/** Live tenants against what the stacks declare: which count, which are unmanaged, what drifted. */
function matchDeclared(
  s: PlannedSystem,
  live: Tenant[],
  declared: DeclaredTenant[],
): Pick<StageResult, 'tenants' | 'undeclared' | 'drift'> {
  const mine = declared.filter((d) => !d.network || d.network === s.network);
  const declaredNs = new Set(mine.map((d) => d.namespace));
  const undeclared = live.filter((t) => !declaredNs.has(t.namespace));
  const drift = mine.flatMap((d) => tenantDrift(d, liveFor(d, live)));
  for (const t of undeclared)
    drift.push({
      kind: 'live-not-declared',
      cluster: t.cluster,
      namespace: t.namespace,
      stack: null,
      department: t.department,
      system: t.system,
      params: { namespace: `${t.cluster}/${t.namespace}` },
    });
  return { tenants: live.filter((t) => declaredNs.has(t.namespace)), undeclared, drift };
}

function result(
  stage: Stage,
  evidence: Evidence[],
  waitingFor: Evidence | null,
  parts?: Pick<StageResult, 'tenants' | 'undeclared' | 'drift' | 'workloads'>,
): StageResult {
  return {
    stage,
    evidence,
    waitingFor,
    tenants: parts?.tenants ?? NONE,
    undeclared: parts?.undeclared ?? NONE,
    drift: parts?.drift ?? [],
    workloads: parts?.workloads ?? NO_WORKLOADS,
  };
}

/**
 * The system's stage from its evidence. `exception`: an approved exception (不上云例外) in force,
 * which keeps the system off the cloud by decision, as the plan's `retain` does.
 */
export function evaluateStage(
  ctx: TrackContext,
  s: PlannedSystem,
  exception?: RetainException | null,
): StageResult {
  const planned = ev('planned', 'plan', 'in-plan', ctx.nowIso, { file: s.file, wave: s.wave });
  if (s.strategy === 'retain') {
    return result(
      'retained',
      [planned, ev('retained', 'plan', 'retained-by-plan', ctx.nowIso, planned.params)],
      null,
    );
  }
  if (exception) {
    return result(
      'retained',
      [
        planned,
        ev('retained', 'exception', 'retained-by-exception', exception.approvedAt, {
          until: exception.until,
          approvedBy: exception.approvedBy,
        }),
      ],
      null,
    );
  }
  if (s.strategy === 'retire') {
    const r = signoffStep(ctx, s.id, 'legacy-retired', 'retired');
    return 'missing' in r ? result('planned', [planned], r.missing) : result('retired', [planned, r], null);
  }

  const all = ctx.tenantsBySystem.get(s.id);
  const live = all ? all.filter((t) => t.network === s.network) : NONE;
  const declared = ctx.declaredBySystem?.get(s.id) ?? [];
  // Most systems of a province are not on the cloud yet: answer them without building sets.
  if (live.length === 0 && declared.length === 0) {
    return result(
      'planned',
      [planned],
      ev('provisioned', 'kubernetes', 'no-tenant', ctx.nowIso, { namespace: '' }),
    );
  }
  const { tenants, undeclared, drift } = ctx.declaredBySystem
    ? matchDeclared(s, live, declared)
    : { tenants: live, undeclared: NONE, drift: [] };
  const parts = { tenants, undeclared, drift, workloads: summariseWorkloads(tenants) };
  const missingNs = drift.filter((d) => d.kind === 'declared-not-live');

  if (tenants.length === 0) {
    const code = missingNs.length
      ? 'declared-not-live'
      : undeclared.length
        ? 'live-not-declared'
        : 'no-tenant';
    const source = missingNs.length || !undeclared.length ? 'kubernetes' : 'pulumi';
    const ns = missingNs[0]?.namespace ?? undeclared[0]?.namespace ?? '';
    return result(
      'planned',
      [planned],
      ev('provisioned', source, code, ctx.nowIso, { namespace: ns }),
      parts,
    );
  }
  const names = tenants.map((t) => `${t.cluster}/${t.namespace}`).join(', ');
  // A drifted tenant still exists, but the evidence says it does not match its declaration.
  const drifted = drift.filter((d) => d.kind !== 'live-not-declared').length;
  const provisioned = ctx.declaredBySystem
    ? ev(
        'provisioned',
        'pulumi',
        drifted ? 'tenant-declared-and-live-drifted' : 'tenant-declared-and-live',
        ctx.nowIso,
        {
          tenants: names,
          stack: declared[0]!.stack,
          ...(drifted ? { drift: drifted } : {}),
        },
      )
    : ev('provisioned', 'kubernetes', 'tenant-live-no-stack-source', ctx.nowIso, { tenants: names });
  const evidence = [planned, provisioned];
  let stage: Stage = 'provisioned';
  for (let i = 0; i < steps.length; i++) {
    const [next, step] = steps[i]!;
    const r = step(ctx, s, tenants, next, parts.workloads);
    if ('missing' in r) return result(stage, evidence, r.missing, parts);
    evidence.push(r);
    stage = next;
  }
  return result(stage, evidence, null, parts);
}
