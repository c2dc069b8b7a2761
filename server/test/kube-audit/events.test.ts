// Reading the API server's audit webhook batches. The EventLists are what a real kube-apiserver
// 1.20.2 sent (test/integration/audit-webhook.test.ts, recorded on its way to Yunqian; the policy
// of deploy/kubernetes-audit/): its bootstrap RBAC and namespaces, then a tenant's objects created
// by the admin and a quota patched while impersonating zhang.wei. Variants change one field of a
// real event, to show what is left out and why.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changesOf, NotAnEventList } from '../../src/kube-audit/events.ts';
import { driftCauses, driftObject, type DriftRef } from '../../src/kube-audit/attribution.ts';

type EventList = { kind: string; apiVersion: string; items: Record<string, unknown>[] };
const [bootstrap, tenants] = JSON.parse(
  readFileSync(new URL('./eventlists-kube-1.20.2.json', import.meta.url), 'utf8'),
) as EventList[];
const patch = tenants!.items.find((e) => e.verb === 'patch')!;
const withEvent = (e: Record<string, unknown>): EventList => ({ ...tenants!, items: [e] });

describe('changesOf', () => {
  it('reads every change of a real batch, the impersonated user as who and the impersonator as via', () => {
    const { changes, ignored } = changesOf(tenants);
    expect(ignored).toBe(0);
    expect(changes).toHaveLength(16);
    expect(changes.filter((c) => c.resource === 'namespaces').map((c) => [c.name, c.namespace])).toEqual([
      ['q1', ''],
      ['q2', ''],
    ]);
    const p = changes.find((c) => c.verb === 'patch')!;
    expect(p).toMatchObject({
      auditId: patch.auditID,
      apiGroup: '',
      resource: 'resourcequotas',
      namespace: 'q1',
      name: 'tenant-quota',
      username: 'zhang.wei',
      via: 'admin',
      code: 200,
    });
    expect(p.at.toISOString()).toBe(new Date(patch.stageTimestamp as string).toISOString());
    expect(p.receivedAt.getTime()).toBeLessThanOrEqual(p.at.getTime());
    expect(changes.filter((c) => c.verb === 'create').every((c) => c.username === 'admin' && !c.via)).toBe(
      true,
    );
    const groups = new Set(changes.map((c) => `${c.apiGroup}/${c.resource}`));
    expect([...groups].sort()).toEqual([
      '/limitranges',
      '/namespaces',
      '/resourcequotas',
      'networking.k8s.io/networkpolicies',
      'rbac.authorization.k8s.io/rolebindings',
    ]);
  });

  it("keeps the API server's own bootstrap changes under its own name", () => {
    const { changes } = changesOf(bootstrap);
    expect(changes.length).toBe(bootstrap!.items.length);
    expect(new Set(changes.map((c) => c.username))).toEqual(new Set(['system:apiserver']));
  });

  it('leaves out other stages, reads, failures, subresources and kinds drift does not compare', () => {
    const ref = patch.objectRef as Record<string, unknown>;
    const left = [
      { ...patch, stage: 'RequestReceived' },
      { ...patch, stage: 'Panic' },
      { ...patch, verb: 'get' },
      { ...patch, verb: 'watch' },
      { ...patch, responseStatus: { metadata: {}, code: 409 } },
      { ...patch, responseStatus: { metadata: {}, status: 'Failure', code: 403 } },
      { ...patch, objectRef: { ...ref, subresource: 'status' } },
      { ...patch, objectRef: { ...ref, resource: 'pods' } },
      { ...patch, objectRef: { ...ref, resource: 'networkpolicies' } },
      { ...patch, auditID: '' },
      { ...patch, user: {} },
      { ...patch, stageTimestamp: 'not a time' },
    ];
    for (const e of left)
      expect(changesOf(withEvent(e)), JSON.stringify(e).slice(0, 120)).toEqual({ changes: [], ignored: 1 });
  });

  it('refuses what is not an audit.k8s.io/v1 EventList', () => {
    for (const body of [
      null,
      [],
      {},
      { ...tenants, apiVersion: 'audit.k8s.io/v1beta1' },
      { ...tenants, kind: 'Event' },
      { ...tenants, items: {} },
    ])
      expect(() => changesOf(body)).toThrow(NotAnEventList);
  });
});

describe('driftCauses', () => {
  const { changes } = changesOf(tenants);
  const kept = changes.map((c) => ({ ...c, cluster: 'aud' }));
  const quota = { kind: 'quota-differs', cluster: 'aud', namespace: 'q1', params: { resource: 'cpu' } };

  it('names the latest change to the drifted object at the drift', () => {
    const [c] = driftCauses([quota], kept, ['aud']);
    expect(c).toMatchObject({ username: 'zhang.wei', via: 'admin', verb: 'patch', name: 'tenant-quota' });
  });

  it('names a policy or binding by its own name, a namespace by its name', () => {
    const rows: DriftRef[] = [
      { kind: 'policy-changed', cluster: 'aud', namespace: 'q2', params: { policy: 'default-deny-ingress' } },
      {
        kind: 'rolebinding-changed',
        cluster: 'aud',
        namespace: 'q1',
        params: { binding: 'department-edit' },
      },
      { kind: 'live-not-declared', cluster: 'aud', namespace: 'q2', params: {} },
      { kind: 'declared-not-live', cluster: null, namespace: 'q1', params: {} },
    ];
    const causes = driftCauses(rows, kept, ['aud']);
    expect(causes.map((c) => [c?.resource, c?.name, c?.verb, c?.username])).toEqual([
      ['networkpolicies', 'default-deny-ingress', 'create', 'admin'],
      ['rolebindings', 'department-edit', 'create', 'admin'],
      ['namespaces', 'q2', 'create', 'admin'],
      ['namespaces', 'q1', 'create', 'admin'],
    ]);
  });

  it('says none where nothing was recorded, another cluster changed it, or the viewer does not see it', () => {
    const rows: DriftRef[] = [
      { kind: 'policy-missing', cluster: 'aud', namespace: 'q2', params: { policy: 'never-created' } },
      { ...quota, cluster: 'other' },
      { kind: 'declared-not-live', cluster: null, namespace: 'q1', params: {} },
    ];
    expect(driftCauses(rows, kept, ['other'])).toEqual([null, null, null]);
  });

  it('counts a deletecollection against every object of its kind in the namespace', () => {
    const later = new Date(Date.parse(patch.stageTimestamp as string) + 60_000);
    const sweep = {
      ...kept[0]!,
      resource: 'networkpolicies',
      namespace: 'q2',
      name: '',
      verb: 'deletecollection',
      username: 'li.na',
      via: null,
      at: later,
      auditId: 'x',
    };
    const [c] = driftCauses(
      [
        {
          kind: 'policy-missing',
          cluster: 'aud',
          namespace: 'q2',
          params: { policy: 'default-deny-egress' },
        },
      ],
      [...kept, sweep],
      ['aud'],
    );
    expect(c).toMatchObject({ username: 'li.na', verb: 'deletecollection' });
    expect(driftObject({ kind: 'quota-differs', cluster: 'aud', namespace: 'q1', params: {} })).toEqual({
      resource: 'resourcequotas',
      name: null,
    });
  });
});
