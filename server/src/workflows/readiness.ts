// Whether a sign-off can be given now: a cut-over once the new system serves and its runbook is
// complete; the legacy system's retirement after the cut-over (or at once for a system the plan
// retires). The API refuses by it and tells the console by it: the console shows, never decides.
import { stageRank, type Stage } from '../model/index.ts';
import type { SignoffKind } from '../store/signoffs.ts';
import type { RunbookItem } from './runbook.ts';

export type Readiness =
  | { ok: true }
  | { ok: false; reason: 'stage'; stage: Stage | null; needs: Stage }
  | { ok: false; reason: 'runbook'; missing: RunbookItem[] };

export function signoffReadiness(
  kind: SignoffKind,
  stage: Stage | null,
  strategy: string,
  runbookMissing: readonly RunbookItem[],
): Readiness {
  const needs: Stage = kind === 'cut-over' ? 'serving' : strategy === 'retire' ? 'planned' : 'cut-over';
  if (!stage || stageRank(stage) < stageRank(needs)) return { ok: false, reason: 'stage', stage, needs };
  if (kind === 'cut-over' && runbookMissing.length)
    return { ok: false, reason: 'runbook', missing: [...runbookMissing] };
  return { ok: true };
}
