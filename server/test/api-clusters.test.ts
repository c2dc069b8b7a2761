import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { SANDBOX_NODES } from '../src/sources/sandbox/load.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

const operator = () => api.caller({ id: 'op', name: 'op', role: 'operator' });
const dept = (department: string) => api.caller({ id: 'd', name: 'd', role: 'department', department });

describe('clusters API', () => {
  it('lists the clusters of both networks with health, nodes and tenants', async () => {
    const clusters = await operator().clusters.list();
    expect(new Set(clusters.map((c) => c.network))).toEqual(new Set(['internal', 'external']));
    for (const c of clusters) {
      expect(c.status?.state).toBe('synced');
      expect(c.nodes).toBe(SANDBOX_NODES[c.id]);
      expect(c.allocatable.cpu).toBe(SANDBOX_NODES[c.id]! * 63);
    }
    const tenants = clusters.reduce((n, c) => n + c.tenants, 0);
    expect(tenants).toBe((await operator().clusters.tenants({})).length);
  });

  it('shows a department only its own tenants', async () => {
    const own = await dept('gat').clusters.tenants({});
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((t) => t.department === 'gat' || t.department!.startsWith('gat-'))).toBe(true);
    expect(await dept('gat').clusters.tenants({ department: 'dsjzx' })).toEqual([]);
    await expect(dept('gat').clusters.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(dept('gat').clusters.unassigned()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets operators assign an unassigned namespace, with field-level errors for bad input', async () => {
    const before = await operator().clusters.unassigned();
    const ns = before.find((n) => n.name === 'vendor-demo')!;
    expect(ns).toBeDefined();
    const bad = await operator()
      .clusters.assign({
        cluster: ns.cluster,
        namespace: 'nope',
        department: 'nosuch',
        system: 'zwfw-portal',
      })
      .catch((e) => e);
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.fields).sort()).toEqual(['department', 'namespace']);
    const wrongDept = await operator()
      .clusters.assign({ cluster: ns.cluster, namespace: ns.name, department: 'gat', system: 'zwfw-portal' })
      .catch((e) => e);
    expect(wrongDept.fields.system[0]).toMatchObject({ key: 'assign.otherDepartment' });

    await operator().clusters.assign({
      cluster: ns.cluster,
      namespace: ns.name,
      department: 'zwfwb',
      system: 'zwfw-portal',
    });
    expect((await operator().clusters.unassigned()).map((n) => n.name)).not.toContain('vendor-demo');
    const tenant = (await dept('zwfwb').clusters.tenants({})).find((t) => t.namespace === 'vendor-demo');
    expect(tenant).toMatchObject({
      cluster: ns.cluster,
      department: 'zwfwb',
      system: 'zwfw-portal',
      network: 'external',
    });
    // Audited with before and after; refused attempts left no row.
    const rows = await api
      .caller({ id: 'a', name: 'a', role: 'auditor' })
      .audit.list({ objectType: 'namespace' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'namespace.assign',
      actor: 'op',
      objectId: `${ns.cluster}/vendor-demo`,
    });
    expect((rows[0]!.after as Record<string, string>)['yunqian.gov.cn/system']).toBe('zwfw-portal');
  });
});
