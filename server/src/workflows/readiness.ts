// Whether a sign-off can be given now: a cut-over once the new system serves, its runbook is
// complete and its public names are proven served by the cloud (or an operator overrode that,
// with a reason); the legacy system's retirement after the cut-over (or at once for a system the
// plan retires) once the legacy hosts have been quiet for the required days (or overridden). The
// API refuses by it and tells the console by it: the console shows, never decides.
import { stageRank, type Blocker, type Stage, type SystemProof } from '../model/index.ts';
import type { SignoffKind } from '../store/signoffs.ts';
import type { RunbookItem } from './runbook.ts';

export interface ReadinessInput {
  stage: Stage | null;
  strategy: string;
  runbookMissing: readonly RunbookItem[];
  /** The tracker's judgement of the probes and legacy traffic; absent when the plan names none. */
  proof?: SystemProof | undefined;
  /** The sign-off kinds whose evidence an operator overrode (with a recorded reason). */
  overridden?: ReadonlySet<SignoffKind> | undefined;
  /** Systems the plan gives no public names (or legacy hosts) need an override too. */
  requireNames?: boolean | undefined;
  /** The tracker's `backup` blockers (tracker/backups.ts): each holds the cut-over, no override. */
  backupGaps?: readonly Blocker[] | undefined;
}

export type Readiness =
  | { ok: true; overridden?: boolean }
  | { ok: false; reason: 'stage'; stage: Stage | null; needs: Stage }
  | { ok: false; reason: 'runbook'; missing: RunbookItem[] }
  | { ok: false; reason: 'backup'; gaps: Pick<Blocker, 'code' | 'params'>[] }
  | { ok: false; reason: 'proof'; state: string };

/** The evidence state that lets each sign-off through without an override. */
const PROVEN: Record<SignoffKind, string> = { 'cut-over': 'proven', 'legacy-retired': 'quiet' };
/** States that mean there is nothing to prove (the plan names no name or host). */
export const NOTHING_TO_PROVE: Record<SignoffKind, string> = {
  'cut-over': 'no-names',
  'legacy-retired': 'no-hosts',
};

export function signoffReadiness(kind: SignoffKind, r: ReadinessInput): Readiness {
  const needs: Stage = kind === 'cut-over' ? 'serving' : r.strategy === 'retire' ? 'planned' : 'cut-over';
  if (!r.stage || stageRank(r.stage) < stageRank(needs))
    return { ok: false, reason: 'stage', stage: r.stage, needs };
  if (kind === 'cut-over' && r.runbookMissing.length)
    return { ok: false, reason: 'runbook', missing: [...r.runbookMissing] };
  if (kind === 'cut-over' && r.backupGaps?.length)
    return {
      ok: false,
      reason: 'backup',
      gaps: r.backupGaps.map((b) => ({ code: b.code, params: b.params })),
    };
  const state = proofState(kind, r);
  if (state === PROVEN[kind]) return { ok: true };
  if (r.overridden?.has(kind)) return { ok: true, overridden: true };
  if (state === NOTHING_TO_PROVE[kind] && !r.requireNames) return { ok: true };
  return { ok: false, reason: 'proof', state };
}

function proofState(kind: SignoffKind, r: ReadinessInput): string {
  if (!r.proof) return NOTHING_TO_PROVE[kind];
  return kind === 'cut-over' ? r.proof.cutover.state : r.proof.retirement.state;
}
