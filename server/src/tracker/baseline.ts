// The tenant isolation baseline, the one copy of the rule: what every tenant namespace must have
// (the tenant program in infra/tenants provisions exactly this). Default-deny ingress everywhere;
// default-deny egress on the classified internal network; a ResourceQuota; a LimitRange. The API
// serves each tenant's problems, the operator's pages show them, and the compliance gate blocks an
// internal system whose tenant lacks a default-deny policy.
import type { Tenant } from '../model/index.ts';

export const BASELINE_PROBLEMS = ['no-deny-ingress', 'no-deny-egress', 'no-quota', 'no-limit-range'] as const;
export type BaselineProblem = (typeof BASELINE_PROBLEMS)[number];

export function isolationBaseline(
  t: Pick<Tenant, 'network' | 'defaultDeny' | 'quota' | 'limitRanges'>,
): BaselineProblem[] {
  const out: BaselineProblem[] = [];
  if (!t.defaultDeny.ingress) out.push('no-deny-ingress');
  if (t.network === 'internal' && !t.defaultDeny.egress) out.push('no-deny-egress');
  if (!t.quota) out.push('no-quota');
  if (t.limitRanges === 0) out.push('no-limit-range');
  return out;
}

/** The baseline's network-policy part, as the compliance gate names it (`ingress+egress`). */
export function lackingDefaultDeny(problems: readonly BaselineProblem[]): string {
  return problems
    .flatMap((p) => (p === 'no-deny-ingress' ? ['ingress'] : p === 'no-deny-egress' ? ['egress'] : []))
    .join('+');
}
