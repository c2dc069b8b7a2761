// The moves as a patch to the plan's YAML: only the fields a move changes, in the file that
// declares each system (the plan package writes and validates it).
import {
  planPatch,
  PATCHABLE,
  type Plan,
  type PlanPatch,
  type PlanText,
  type SystemChange,
} from '@yunqian/plan';
import { applyMoves } from './moves.ts';
import type { Move } from './model.ts';

export function changesOf(plan: Plan, moves: readonly Move[]): SystemChange[] {
  const after = applyMoves(plan, moves);
  const wanted = new Set(moves.map((m) => m.system));
  const changes: SystemChange[] = [];
  plan.systems.forEach((s, i) => {
    if (!wanted.has(s.id)) return;
    const n = after.systems[i]!;
    const set: SystemChange['set'] = {};
    for (const f of PATCHABLE) if (n[f] !== s[f]) set[f] = n[f];
    if (Object.keys(set).length) changes.push({ system: s.id, file: s.file, set });
  });
  return changes;
}

export function movesPatch(
  texts: readonly PlanText[],
  plan: Plan,
  moves: readonly Move[],
  today: string,
): PlanPatch {
  return planPatch(texts, changesOf(plan, moves), today);
}
