// Runs the tenant program for one network under mocks and returns its registrations, outputs
// and checkpoint: the fixture the server's stack readers and drift tests use.
import type { Plan } from '@yunqian/plan';
import { mockPulumi, settled, valueOf } from './mocks.ts';
import { checkpointOf } from './checkpoint.ts';
import { provisionTenants } from '../tenants/tenants.ts';
import type { StackSettings } from '../tenants/settings.ts';

export async function runTenantProgram(plan: Plan, settings: StackSettings, time = new Date().toISOString()) {
  const registered = await mockPulumi('yunqian-tenants', settings.network);
  const out = provisionTenants(plan, settings);
  await settled(registered);
  const outputs = { network: out.network, tenantCount: out.tenantCount, tenants: await valueOf(out.tenants) };
  return {
    registered,
    outputs,
    checkpoint: checkpointOf(registered, {
      project: 'yunqian-tenants',
      stack: settings.network,
      time,
      outputs,
    }),
  };
}

export const testSettings = (network: 'internal' | 'external', planDir: string): StackSettings => ({
  network,
  kubeContext: undefined,
  planDir,
  labelPrefix: 'yunqian.gov.cn',
  quotaHeadroom: 1.2,
  ingressNamespace: 'ingress-nginx',
  departmentGroupPrefix: 'yunqian:department:',
  approvedRequests: [],
  exits: [],
});
