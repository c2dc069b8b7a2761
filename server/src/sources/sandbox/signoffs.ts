// Sign-offs the sandbox's departments and operators have given by a moment in time.
import type { Plan } from '@yunqian/plan';
import type { Signoff } from '../../model/index.ts';
import { milestones } from './timeline.ts';

export function sandboxSignoffs(plan: Plan, now: number): Signoff[] {
  const out: Signoff[] = [];
  const at = (t: number) => new Date(t).toISOString();
  for (const s of plan.systems) {
    if (s.strategy === 'retain') continue;
    const m = milestones(s);
    const owner = s.contacts.find((c) => c.role === 'owner')?.name ?? s.department;
    if (s.strategy !== 'retire' && now >= m.cutover && m.cutover >= m.serving) {
      out.push({
        system: s.id,
        kind: 'cut-over',
        signedBy: owner,
        signedAt: at(m.cutover),
        confirmedBy: '运维值班',
        confirmedAt: at(m.cutover + 3_600_000),
      });
    }
    if (now >= m.retired && (s.strategy === 'retire' || m.cutover >= m.serving)) {
      out.push({
        system: s.id,
        kind: 'legacy-retired',
        signedBy: owner,
        signedAt: at(m.retired),
        confirmedBy: '运维值班',
        confirmedAt: at(m.retired + 3_600_000),
      });
    }
  }
  return out;
}
