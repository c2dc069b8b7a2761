// The administration levels (分级审核): a county's units are reviewed by the county's data bureau,
// then the city's, then the province's; a city's units by the city, then the province; a province
// department by the province. Each level is an organisation unit of kind county, city or province,
// and its reviewers are the operators whose account belongs to that unit (a province-wide
// operator, with no unit, reviews at the province's level).
import type { PlanIndex } from '@yunqian/plan';
import type { Viewer } from './policy.ts';

const LEVEL_KINDS: ReadonlySet<string> = new Set(['county', 'city', 'province']);

/** The units that review a request of `department`, the nearest first (empty: unknown unit). */
export function reviewChain(index: PlanIndex, department: string): string[] {
  const unit = index.org.get(department);
  if (!unit) return [];
  return [...unit.ancestors, unit.id]
    .filter((id) => LEVEL_KINDS.has(index.org.get(id)?.kind ?? ''))
    .reverse();
}

/** The level at which a viewer reviews: their unit, or the province's for a province-wide account. */
export function reviewLevelOf(viewer: Viewer, index: PlanIndex): string | null {
  if (viewer.department)
    return LEVEL_KINDS.has(index.org.get(viewer.department)?.kind ?? '') ? viewer.department : null;
  return [...index.org.values()].find((o) => o.kind === 'province')?.id ?? null;
}
