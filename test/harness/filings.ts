// The MLPS filing numbers (备案号) the sample plan records: a department's request for a system at
// level 3 or above carries its number, as the department knows it from its filing certificate.
import { loadPlanDir } from '@yunqian/plan';

const PLAN = new URL('../../migrations-plan/', import.meta.url).pathname;
let filings: Promise<Map<string, string | undefined>> | null = null;

export async function filingOf(system: string): Promise<string | undefined> {
  filings ??= loadPlanDir(PLAN).then((l) => new Map(l.plan!.systems.map((s) => [s.id, s.mlps.filing])));
  return (await filings).get(system);
}
