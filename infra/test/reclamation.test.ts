// Reclaimed idle quota (闲置资源回收) reaches the tenant program the way approved requests do: the
// file `yunqian requests export` writes carries `reductions` beside `approvedRequests` and `exits`,
// and the program declares the lower quota (an increase approved later still adds to it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadPlanDir, quotaHardFor, systemsForNetwork, type Plan, type PlannedSystem } from '@yunqian/plan';
import { mockPulumi, settled, type Registered } from './mocks.ts';
import { provisionTenants } from '../tenants/tenants.ts';
import { readSettings } from '../tenants/settings.ts';

const PLAN_DIR = new URL('../../migrations-plan/', import.meta.url).pathname;
let plan: Plan;
let idle: PlannedSystem;
let other: PlannedSystem;
beforeAll(async () => {
  plan = (await loadPlanDir(PLAN_DIR)).plan!;
  // A system large enough that its quota has cores and GiB to give back.
  const internal = systemsForNetwork(plan.systems, 'internal').sort(
    (a, b) => b.resources.cpu - a.resources.cpu,
  );
  idle = internal[0]!;
  other = internal[1]!;
});

describe('reclaimed quota in the tenant program (under setMocks)', () => {
  let r: Registered[];
  let dir: string;
  const quotaOf = (ns: string) =>
    (
      r.find((x) => x.type === 'kubernetes:core/v1:ResourceQuota' && x.inputs.metadata?.namespace === ns)!
        .inputs.spec as { hard: Record<string, string> }
    ).hard;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yq-reclaim-'));
    const before = quotaHardFor(idle, 1.2);
    const cpu = Number(before['requests.cpu']);
    const mem = parseInt(before['requests.memory'], 10);
    // What tenantProgramFile writes: keep 1 core and 1 GiB of the idle system's quota.
    const file = join(dir, 'approved.yaml');
    writeFileSync(
      file,
      '# Approved resource requests and quota reductions\n' +
        stringify({
          approvedRequests: [],
          exits: [],
          reductions: [{ system: idle.id, cpu: cpu - 1, memoryGiB: mem - 1, proposal: 3 }],
        }),
    );
    r = await mockPulumi('yunqian-tenants', 'internal', {
      'yunqian-tenants:network': 'internal',
      'yunqian-tenants:quotaHeadroom': '1.2',
      'yunqian-tenants:approvedRequestsFile': file,
    });
    provisionTenants(plan, readSettings());
    await settled(r);
  });

  it('declares the lower quota for the reclaimed tenant and leaves the others', () => {
    expect(quotaHardFor(idle, 1.2)['requests.cpu']).not.toBe('1');
    expect(quotaOf(idle.id)).toMatchObject({ 'requests.cpu': '1', 'requests.memory': '1Gi' });
    expect(quotaOf(other.id)).toEqual(quotaHardFor(other, 1.2));
    // Storage is never reclaimed.
    expect(quotaOf(idle.id)['requests.storage']).toBe(quotaHardFor(idle, 1.2)['requests.storage']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an increase approved after the reduction adds to the lower quota; never below one core', () => {
    const q = quotaHardFor(
      idle,
      1.2,
      [{ system: idle.id, cpu: 2, memoryGiB: 4, storageGiB: 0 }],
      [{ system: idle.id, cpu: 1e6, memoryGiB: 1e6 }],
    );
    expect(q['requests.cpu']).toBe('1');
    expect(q['requests.memory']).toBe('1Gi');
  });

  it('refuses a malformed reduction by its index', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yq-reclaim-')), 'bad.yaml');
    writeFileSync(file, stringify({ reductions: [{ system: 'a', cpu: -1, memoryGiB: 1 }] }));
    await mockPulumi('yunqian-tenants', 'internal', {
      'yunqian-tenants:network': 'internal',
      'yunqian-tenants:approvedRequestsFile': file,
    });
    expect(() => readSettings()).toThrow(/reductions\[0\]/);
  });
});
