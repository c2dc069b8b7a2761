// The reviewed file the tenant program reads (`approvedRequestsFile`): the approved increases in
// force at `now` (test resources past their end dropped, the others marked with their end, so a
// late `pulumi up` drops them too) and the systems whose exit is approved (their tenants removed).
import { stringify as stringifyYaml } from 'yaml';
import type { Db } from '../store/db.ts';
import { tenantProgramInput } from '../store/requests.ts';

export async function tenantProgramFile(db: Db, now: Date, network?: string): Promise<string> {
  const input = await tenantProgramInput(db, now, network);
  return (
    `# Approved resource requests${network ? ` (${network} network)` : ''} at ${now.toISOString()}, for infra/tenants (approvedRequestsFile).\n` +
    stringifyYaml(input)
  );
}
