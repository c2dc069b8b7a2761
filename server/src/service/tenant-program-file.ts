// The reviewed file the tenant program reads (`approvedRequestsFile`): the approved increases in
// force at `now` (test resources past their end dropped, the others marked with their end, so a
// late `pulumi up` drops them too), the systems whose exit is approved (their tenants removed), and
// the quota reductions of idle tenants in force (proposals past their deadline lapse first, so the
// file is what the calendar says at `now`).
import { stringify as stringifyYaml } from 'yaml';
import type { Db } from '../store/db.ts';
import { tenantProgramInput } from '../store/requests.ts';
import { lapseDue } from '../store/reclamations.ts';

export async function tenantProgramFile(db: Db, now: Date, network?: string): Promise<string> {
  await lapseDue({ db }, now, 'requests-export');
  const input = await tenantProgramInput(db, now, network);
  return (
    `# Approved resource requests and quota reductions${network ? ` (${network} network)` : ''} at ${now.toISOString()}, for infra/tenants (approvedRequestsFile).\n` +
    stringifyYaml(input)
  );
}
