// The producers of notifications on a real PostgreSQL 15, each run by two replicas at once (two
// connection pools, as two processes would have): a blocker's owner, drift on a tenant, a quota at
// 80 %, a network's run-out date moving earlier, an MLPS assessment falling due. Each tells the
// accounts whose scope covers the thing, once, and nobody outside it; a source that has not
// synced concludes nothing; a condition that ends and comes back is told again.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexPlan, type Plan, type PlannedSystem } from '@yunqian/plan';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { createUser } from '../../server/src/store/accounts.ts';
import { raiseBlocker, updateBlocker, type OnAssigned } from '../../server/src/store/signoffs.ts';
import { inScope, scopeOf, type Role } from '../../server/src/auth/policy.ts';
import type { Network } from '../../server/src/model/network.ts';
import type {
  CapacityReport,
  DeclaredTenant,
  SourceStatus,
  Tenant,
  TrackerState,
  RunOut,
} from '../../server/src/model/index.ts';
import type { ClusterView, EngineVersion } from '../../server/src/read-model/read-model.ts';
import { listOutbox, type OutboxRow } from '../../server/src/notify/outbox.ts';
import { DEFAULT_PREFERENCES, setPreferences } from '../../server/src/notify/preferences.ts';
import { render } from '../../server/src/notify/templates.ts';
import { notifyBlockerAssigned } from '../../server/src/notify/blocker-assigned.ts';
import { notifyDrift } from '../../server/src/notify/drift-found.ts';
import { notifyQuotaHigh } from '../../server/src/notify/quota-high.ts';
import { notifyRunOutEarlier } from '../../server/src/notify/run-out-earlier.ts';
import { assessmentsDue, nextAssessment, notifyMlpsDue } from '../../server/src/notify/mlps-due.ts';
import { NotificationWatch } from '../../server/src/notify/watch.ts';
import type { EventKind } from '../../server/src/notify/events.ts';

// ---- A small province: two departments at the province, a city with a county, another city.
const org = (
  id: string,
  kind: Plan['organisations'][number]['kind'],
  zh: string,
  en: string,
  up: string[],
) => ({
  id,
  kind,
  name: { zh, en },
  parentId: up.at(-1) ?? null,
  ancestors: up,
});
const system = (
  id: string,
  department: string,
  network: Network,
  mlps: { level: number; assessed?: string },
): PlannedSystem =>
  ({
    id,
    name: { zh: `系统${id}`, en: `System ${id}` },
    department,
    network,
    classified: false,
    mlps: { level: mlps.level, filing: '33-1', ...(mlps.assessed ? { assessed: mlps.assessed } : {}) },
    strategy: 'rehost',
    wave: 'w1',
    start: '2026-01-01',
    cutover: '2027-06-01',
    resources: { cpu: 2, memoryGiB: 4, storageGiB: 10 },
    currentSite: { kind: 'machine-room', name: '机房' },
    dependsOn: [],
    contacts: [],
    file: 'systems/x.yaml',
  }) as PlannedSystem;
const plan: Plan = {
  organisations: [
    org('zj', 'province', '浙江省', 'Zhejiang', []),
    org('gat', 'department', '省公安厅', 'Public Security', ['zj']),
    org('hz', 'city', '杭州市', 'Hangzhou', ['zj']),
    org('hz-xh', 'county', '西湖区', 'Xihu', ['zj', 'hz']),
    org('nb', 'city', '宁波市', 'Ningbo', ['zj']),
  ],
  waves: [],
  targets: [],
  scope: { excludeClassified: true, countApart: ['retire', 'retain'] },
  systems: [
    system('gat-a', 'gat', 'internal', { level: 3, assessed: '2025-12-20' }),
    system('xh-b', 'hz-xh', 'external', { level: 3, assessed: '2025-06-01' }),
    system('nb-c', 'nb', 'internal', { level: 3, assessed: '2026-06-01' }),
    system('gat-d', 'gat', 'internal', { level: 2, assessed: '2024-01-01' }),
    system('gat-e', 'gat', 'internal', { level: 4, assessed: '2025-11-01' }),
    system('gat-f', 'gat', 'internal', { level: 3 }),
  ],
  digest: 'test',
};
const index = indexPlan(plan);

// Accounts: who sees what follows from role, unit and network (auth/policy.ts).
const ACCOUNTS: [string, Role, string | null, Network | null][] = [
  ['op-prov', 'operator', null, null],
  ['op-int', 'operator', null, 'internal'],
  ['op-ext', 'operator', null, 'external'],
  ['op-hz', 'operator', 'hz', null],
  ['op-nb', 'operator', 'nb', null],
  ['op-gone', 'operator', null, null],
  ['dept-gat', 'department', 'gat', null],
  ['dept-hz', 'department', 'hz', null],
  ['dept-xh', 'department', 'hz-xh', null],
  ['dept-nb', 'department', 'nb', null],
  ['dadmin-gat', 'department-admin', 'gat', null],
  ['leader-prov', 'leader', null, null],
  ['leader-hz', 'leader', 'hz', null],
  ['eval-prov', 'evaluator', null, null],
  ['eval-ext', 'evaluator', null, 'external'],
  ['admin-1', 'admin', null, null],
  ['auditor-1', 'auditor', null, null],
  ['security-1', 'security', null, null],
];

let pg: RunningPostgres;
let a: Store;
let b: Store;
beforeAll(async () => {
  pg = await startPostgres();
  a = await openStore({ url: pg.url });
  b = await openStore({ url: pg.url });
  for (const [username, role, department, network] of ACCOUNTS)
    await createUser(
      a,
      { username, displayName: username, role, department, network },
      { id: 'setup', requestId: 'setup' },
    );
  // A disabled account is told nothing; one account reads English.
  await rawQuery(a.db, `UPDATE users SET disabled = true WHERE username = 'op-gone'`);
  await setPreferences(a.db, 'leader-prov', { ...DEFAULT_PREFERENCES, language: 'en' });
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await pg?.stop();
});

const on = ['webhook'] as const;
/** The outbox rows of one kind added since `after` (an id), as [recipient, dedupe key]. */
const rowsOf = async (kind: EventKind, after = 0) =>
  (await listOutbox(a.db)).filter((r) => r.kind === kind && r.id > after);
const recipients = (rows: OutboxRow[]) => rows.map((r) => r.recipient).sort();
const lastId = async () => Math.max(0, ...(await listOutbox(a.db)).map((r) => r.id));
/** Both replicas run the producer at once; returns the rows they added together. */
const twice = async (run: (s: Store) => Promise<number>) =>
  (await Promise.all([run(a), run(b)])).reduce((x, y) => x + y);

// ---- Clusters, tenants and what the stacks declare.
const synced = (cluster: string): SourceStatus => ({
  id: `kubernetes/${cluster}`,
  kind: 'kubernetes',
  state: 'synced',
  cluster,
});
const tenant = (
  cluster: string,
  network: Network,
  namespace: string,
  department: string,
  sys: string | null,
  o: Partial<Tenant> = {},
): Tenant => ({
  cluster,
  network,
  namespace,
  department,
  system: sys,
  createdAt: '2026-01-01T00:00:00Z',
  workloads: [],
  defaultDeny: { ingress: true, egress: true },
  quota: null,
  limitRanges: 1,
  networkPolicies: [{ name: 'deny-all', digest: 'd1' }],
  roleBindings: [],
  ...o,
});
const view = (
  id: string,
  network: Network,
  tenants: Tenant[],
  state: SourceStatus['state'] = 'synced',
): ClusterView => ({
  cluster: { id, network, name: { zh: id, en: id }, maxMlps: 3 },
  status: { ...synced(id), state },
  summary: {} as ClusterView['summary'],
  tenants,
  unassigned: [],
  namespaces: new Map(),
});
const declared = (
  namespace: string,
  network: Network,
  department: string,
  sys: string,
  o: Partial<DeclaredTenant> = {},
): DeclaredTenant => ({
  backend: 'file',
  stack: `stack-${namespace}`,
  network,
  namespace,
  department,
  system: sys,
  quota: null,
  networkPolicies: [{ name: 'deny-all', digest: 'd1' }],
  roleBindings: null,
  updatedAt: '2026-01-01T00:00:00Z',
  ...o,
});
const stacksSynced: SourceStatus = { id: 'pulumi/file', kind: 'pulumi', state: 'synced' };

describe('notification producers on PostgreSQL with two replicas', () => {
  it('blocker.assigned: the owner who can see the system, once per assignment, never out of scope', async () => {
    const sees = (sys: string) => (account: Parameters<typeof scopeOf>[0]) => {
      const p = index.system.get(sys)!;
      return inScope(scopeOf(account, index), p.department, p.network);
    };
    const tell =
      (by: string): OnAssigned =>
      (tx, row) =>
        notifyBlockerAssigned(tx, row, {
          available: on,
          by,
          systemName: index.system.get(row.system)!.name,
          sees: sees(row.system),
        });
    const by = { id: 'op-prov', requestId: 'test' };
    const start = await lastId();
    // Raised with an owner who sees the system (a Hangzhou operator, a Xihu system): told.
    const raised = await raiseBlocker(
      a,
      by,
      { system: 'xh-b', reason: '等待网络割接窗口', owner: 'op-hz' },
      undefined,
      tell('op-prov'),
    );
    // Given to an owner outside the system's scope (Ningbo's operator): nobody told.
    const moved = await updateBlocker(
      a,
      by,
      { id: raised.id, version: raised.version, owner: 'op-nb' },
      undefined,
      tell('op-prov'),
    );
    // Given back to the Hangzhou operator: told again (a new assignment).
    const back = await updateBlocker(
      a,
      by,
      { id: moved.id, version: moved.version, owner: 'op-hz' },
      undefined,
      tell('op-prov'),
    );
    // Taken by oneself: nobody told. Raised without an owner: nobody told.
    const self = await updateBlocker(
      a,
      { id: 'op-ext', requestId: 'test' },
      { id: back.id, version: back.version, owner: 'op-ext' },
      undefined,
      tell('op-ext'),
    );
    await raiseBlocker(a, by, { system: 'xh-b', reason: '厂商未响应，待协调' }, undefined, tell('op-prov'));
    // A department user of another city, and a disabled account: nobody told.
    await raiseBlocker(
      a,
      by,
      { system: 'gat-a', reason: '等保测评未完成', owner: 'dept-nb' },
      undefined,
      tell('op-prov'),
    );
    await raiseBlocker(
      a,
      by,
      { system: 'gat-a', reason: '等保测评未完成', owner: 'op-gone' },
      undefined,
      tell('op-prov'),
    );
    // A department user of the system's own department: told.
    await raiseBlocker(
      a,
      by,
      { system: 'gat-a', reason: '需提供系统定级报告', owner: 'dept-gat' },
      undefined,
      tell('op-prov'),
    );
    expect(self.owner).toBe('op-ext');

    const rows = await rowsOf('blocker.assigned', start);
    expect(rows.map((r) => [r.recipient, r.dedupeKey])).toEqual([
      ['op-hz', `blocker:${raised.id}:v1`],
      ['op-hz', `blocker:${raised.id}:v3`],
      ['dept-gat', expect.stringMatching(/^blocker:\d+:v1$/)],
    ]);
    expect(render('blocker.assigned', 'zh-CN', rows[0]!.params).text).toBe(
      'op-prov 将系统 系统xh-b 的受阻事项“等待网络割接窗口”指派给您处理。处理完毕后请在系统详情页将其解除。',
    );
  });

  it('drift.found: operators and department users in scope, once per tenant, again only after it was fixed', async () => {
    const start = await lastId();
    const live = {
      int: [
        tenant('c-int', 'internal', 'gat-a', 'gat', 'gat-a', {
          quota: { hard: { cpu: 8 }, used: { cpu: 1 } },
        }),
        // Live, declared by no stack.
        tenant('c-int', 'internal', 'nb-x', 'nb', null),
      ],
      ext: [tenant('c-ext', 'external', 'xh-b', 'hz-xh', 'xh-b', { networkPolicies: [] })],
    };
    const code = [
      declared('gat-a', 'internal', 'gat', 'gat-a', { quota: { cpu: 4 } }),
      declared('xh-b', 'external', 'hz-xh', 'xh-b'),
    ];
    const input = (
      int: Tenant[],
      ext: Tenant[],
      state: { int?: SourceStatus['state']; ext?: SourceStatus['state'] } = {},
    ) => ({
      index,
      declared: code,
      clusters: [view('c-int', 'internal', int, state.int), view('c-ext', 'external', ext, state.ext)],
      sources: [stacksSynced],
    });
    expect(await twice((s) => notifyDrift(s.db, input(live.int, live.ext), on))).toBe(3 + 4 + 5);
    const rows = await rowsOf('drift.found', start);
    const byTenant = (ns: string) => recipients(rows.filter((r) => r.params.namespace === ns));
    // The quota differs on gat-a (internal, the province's public security department).
    expect(byTenant('gat-a')).toEqual(['dept-gat', 'op-int', 'op-prov']);
    // An unmanaged namespace of Ningbo on the internal network.
    expect(byTenant('nb-x')).toEqual(['dept-nb', 'op-int', 'op-nb', 'op-prov']);
    // A policy missing in Xihu (Hangzhou) on the external network.
    expect(byTenant('xh-b')).toEqual(['dept-hz', 'dept-xh', 'op-ext', 'op-hz', 'op-prov']);
    const gat = rows.find((r) => r.params.namespace === 'gat-a')!;
    expect(render('drift.found', 'zh-CN', gat.params)).toEqual({
      subject: '【云迁】租户 gat-a 的配置与代码不一致',
      text: '省公安厅的租户 gat-a（政务内网，系统 系统gat-a）的实际配置与基础设施代码的声明不一致（配置漂移）：CPU 配额与代码不一致（声明 4，实际 8）。请核查并处理。',
    });
    expect(render('drift.found', 'en', rows.find((r) => r.params.namespace === 'xh-b')!.params).text).toBe(
      'What runs in tenant xh-b of Xihu (external network, system System xh-b) differs from what the infrastructure code declares: network policy deny-all missing. Please check it.',
    );

    // Looked at again (a new version, the other replica): nothing new.
    expect(await twice((s) => notifyDrift(s.db, input(live.int, live.ext), on))).toBe(0);
    // The external cluster stops answering and its cache shows the policy back: nothing concluded,
    // and a new drift on the internal network while its cluster has not synced is not told either.
    const fixed = [tenant('c-ext', 'external', 'xh-b', 'hz-xh', 'xh-b')];
    const gatMore = [{ ...live.int[0]!, networkPolicies: [] }, live.int[1]!];
    expect(await notifyDrift(a.db, input(gatMore, fixed, { ext: 'stale', int: 'connecting' }), on)).toBe(0);
    // Back in sync with the policy restored: the episode ends (nothing told)…
    expect(await notifyDrift(a.db, input(live.int, fixed), on)).toBe(0);
    // …and when the policy goes missing again, it is told again.
    const again = await lastId();
    expect(await twice((s) => notifyDrift(s.db, input(live.int, live.ext), on))).toBe(5);
    expect(recipients(await rowsOf('drift.found', again))).toEqual([
      'dept-hz',
      'dept-xh',
      'op-ext',
      'op-hz',
      'op-prov',
    ]);
    // Without stacks configured, or with a stack backend not synced: nothing.
    expect(await notifyDrift(a.db, { ...input(gatMore, live.ext), declared: null }, on)).toBe(0);
    expect(
      await notifyDrift(
        a.db,
        { ...input(gatMore, live.ext), sources: [{ ...stacksSynced, state: 'failed' }] },
        on,
      ),
    ).toBe(0);
    // No one outside the scope was ever told.
    const all = await rowsOf('drift.found', start);
    for (const r of all)
      expect([
        'admin-1',
        'auditor-1',
        'security-1',
        'op-gone',
        'dadmin-gat',
        'leader-prov',
        'eval-prov',
      ]).not.toContain(r.recipient);
  });

  it('quota.high: at 80 %, once, again only after falling below 70 %, only from synced clusters', async () => {
    const start = await lastId();
    const withQuota = (
      cluster: string,
      network: Network,
      ns: string,
      dept: string,
      used: Record<string, number>,
      hard: Record<string, number>,
    ) => tenant(cluster, network, ns, dept, null, { quota: { hard, used } });
    const input = (gatCpu: number, state: SourceStatus['state'] = 'synced') => ({
      index,
      clusters: [
        view('q-int', 'internal', [
          withQuota('q-int', 'internal', 'gat-q', 'gat', { cpu: gatCpu, memory: 5 }, { cpu: 10, memory: 10 }),
          // 79 %: not yet.
          withQuota('q-int', 'internal', 'nb-q', 'nb', { cpu: 7.9 }, { cpu: 10 }),
        ]),
        view('q-ext', 'external', [
          withQuota('q-ext', 'external', 'xh-q', 'hz-xh', { cpu: 8.1, pods: 9 }, { cpu: 10, pods: 10 }),
        ]),
        // A cluster that has not synced: its 95 % is not told.
        view(
          'q-late',
          'internal',
          [withQuota('q-late', 'internal', 'late-q', 'gat', { cpu: 9.5 }, { cpu: 10 })],
          state,
        ),
      ],
    });
    expect(await twice((s) => notifyQuotaHigh(s.db, input(8.5, 'connecting'), on))).toBe(3 + 5);
    const rows = await rowsOf('quota.high', start);
    expect(recipients(rows.filter((r) => r.params.namespace === 'gat-q'))).toEqual([
      'dept-gat',
      'op-int',
      'op-prov',
    ]);
    expect(recipients(rows.filter((r) => r.params.namespace === 'xh-q'))).toEqual([
      'dept-hz',
      'dept-xh',
      'op-ext',
      'op-hz',
      'op-prov',
    ]);
    const xh = rows.find((r) => r.params.namespace === 'xh-q')!;
    expect(render('quota.high', 'zh-CN', xh.params)).toEqual({
      subject: '【云迁】西湖区的租户 xh-q 配额已用到 90%',
      text: '西湖区在政务外网的租户 xh-q 的资源配额已使用 CPU 81%、Pod 数 90%，达到 80% 提醒线。请评估是否申请扩容。',
    });
    expect(render('quota.high', 'en', xh.params).text).toBe(
      'Tenant xh-q of Xihu on the external network has used CPU 81%, pods 90% of its quota (the 80% mark). Consider asking for more.',
    );
    // Wavering between 70 % and 80 %, then back over 80 %: the same episode, nothing new.
    expect(await twice((s) => notifyQuotaHigh(s.db, input(7.5, 'connecting'), on))).toBe(0);
    expect(await twice((s) => notifyQuotaHigh(s.db, input(8.6, 'connecting'), on))).toBe(0);
    // Below 70 %, then over 80 % again: told again.
    expect(await notifyQuotaHigh(a.db, input(6, 'connecting'), on)).toBe(0);
    const again = await lastId();
    expect(await twice((s) => notifyQuotaHigh(s.db, input(8.2, 'connecting'), on))).toBe(3);
    expect(recipients(await rowsOf('quota.high', again))).toEqual(['dept-gat', 'op-int', 'op-prov']);
    // The late cluster synced: its tenant is told now, once.
    const late = await lastId();
    expect(await twice((s) => notifyQuotaHigh(s.db, input(8.2), on))).toBe(3);
    expect((await rowsOf('quota.high', late)).map((r) => r.params.namespace)).toEqual([
      'late-q',
      'late-q',
      'late-q',
    ]);
  });

  it('runout.earlier: a date earlier than the one last told, to the province-wide operators and leaders of the network', async () => {
    const start = await lastId();
    const runOut = (date: string | null): RunOut => ({
      date,
      resource: 'memory',
      system: 'gat-a',
      wave: 'w1',
      demand: { cpu: 0, memory: 0 },
      headroom: { cpu: 0, memory: 0 },
      shortfall: { cpu: 0, memory: 0 },
      curve: [],
    });
    const report = (internal: string | null, external: string | null, stale = false) =>
      ({
        stale,
        networks: [
          { network: 'internal', runOut: runOut(internal) },
          { network: 'external', runOut: runOut(external) },
        ],
      }) as unknown as Pick<CapacityReport, 'stale' | 'networks'>;
    // The first dates seen are the reference: nothing moved yet.
    expect(await twice((s) => notifyRunOutEarlier(s.db, report('2027-06-01', null), index, on))).toBe(0);
    // Earlier on the internal network: told, once, to the province-wide operators and leaders who see it.
    expect(await twice((s) => notifyRunOutEarlier(s.db, report('2027-03-01', '2027-09-01'), index, on))).toBe(
      3,
    );
    const rows = await rowsOf('runout.earlier', start);
    expect(recipients(rows)).toEqual(['leader-prov', 'op-int', 'op-prov']);
    expect(rows[0]!.params).toMatchObject({ before: '2027-06-01', after: '2027-03-01' });
    const leader = rows.find((r) => r.recipient === 'leader-prov')!;
    expect(leader.language).toBe('en');
    expect(render('runout.earlier', 'en', leader.params)).toEqual({
      subject: '[Yunqian] The internal network runs out earlier: 2027-03-01',
      text: "At the plan's demand the internal network runs out of memory on 2027-03-01 (when system System gat-a is due), earlier than the 2027-06-01 told before. Consider adding capacity or changing the plan.",
    });
    expect(render('runout.earlier', 'zh-CN', rows.find((r) => r.recipient === 'op-int')!.params).text).toBe(
      '按迁移计划的资源需求，政务内网的内存预计于 2027-03-01 耗尽（届时上云的系统：系统gat-a），早于此前通知的 2027-06-01。请评估扩容或调整迁移计划。',
    );
    // The same date, a later one, or a stale report: nothing.
    const more = await lastId();
    expect(await twice((s) => notifyRunOutEarlier(s.db, report('2027-03-01', '2027-09-01'), index, on))).toBe(
      0,
    );
    expect(await twice((s) => notifyRunOutEarlier(s.db, report('2027-05-01', '2027-10-01'), index, on))).toBe(
      0,
    );
    expect(
      await twice((s) => notifyRunOutEarlier(s.db, report('2027-01-01', '2027-01-01', true), index, on)),
    ).toBe(0);
    // Earlier than the one last told (not than the later one seen since): told again.
    expect(await twice((s) => notifyRunOutEarlier(s.db, report('2027-02-01', '2027-08-01'), index, on))).toBe(
      3 + 3,
    );
    const later = await rowsOf('runout.earlier', more);
    expect(recipients(later.filter((r) => r.params.after === '2027-02-01'))).toEqual([
      'leader-prov',
      'op-int',
      'op-prov',
    ]);
    expect(later.find((r) => r.params.after === '2027-02-01')!.params.before).toBe('2027-03-01');
    // The external network's team and the province's: a Hangzhou leader never.
    expect(recipients(later.filter((r) => r.params.after === '2027-08-01'))).toEqual([
      'leader-prov',
      'op-ext',
      'op-prov',
    ]);
  });

  it('mlps.assessmentDue: within the days configured, to the department and the assessors in scope, once per due date', async () => {
    expect(nextAssessment('2025-12-20')).toBe('2026-12-20');
    expect(nextAssessment('2024-02-29')).toBe('2025-03-01');
    const stages = new Map([['gat-e', 'retired' as const]]);
    expect(assessmentsDue(plan, '2026-12-01', 30, stages)).toEqual([
      { system: 'gat-a', dueAt: '2026-12-20' },
      // Passed: still due.
      { system: 'xh-b', dueAt: '2026-06-01' },
    ]);
    const start = await lastId();
    const v = { plan, index, stages };
    expect(await twice((s) => notifyMlpsDue(s.db, v, '2026-12-01', 30, on))).toBe(2 + 4);
    const rows = await rowsOf('mlps.assessmentDue', start);
    expect(recipients(rows.filter((r) => r.params.system === '系统gat-a'))).toEqual([
      'dept-gat',
      'eval-prov',
    ]);
    expect(recipients(rows.filter((r) => r.params.system === '系统xh-b'))).toEqual([
      'dept-hz',
      'dept-xh',
      'eval-ext',
      'eval-prov',
    ]);
    expect(render('mlps.assessmentDue', 'zh-CN', rows[0]!.params).text).toBe(
      '系统 系统gat-a（省公安厅，等保 3 级）上次测评于 2025-12-20，下次等级测评应于 2026-12-20 前完成。请及时安排测评。',
    );
    // The next days: the same due dates, nothing new; with a shorter horizon, nothing either.
    expect(await twice((s) => notifyMlpsDue(s.db, v, '2026-12-02', 30, on))).toBe(0);
    expect(await notifyMlpsDue(a.db, v, '2026-11-01', 10, on)).toBe(0);
  });

  it('the watch runs the producers from each version the mirror applies, in the replica that runs the engine', async () => {
    const mirror = new EventEmitter() as EventEmitter & {
      current(): EngineVersion;
      lastCapacityReport(): CapacityReport | null;
    };
    const clusters = [
      view('w-int', 'internal', [
        tenant('w-int', 'internal', 'nb-w', 'nb', null, {
          quota: { hard: { memory: 10 }, used: { memory: 9 } },
        }),
      ]),
    ];
    let version: EngineVersion = {
      version: 1,
      // The retired system's assessment is not told (the others due were told above: once).
      state: { systems: [{ id: 'gat-e', stage: 'retired' }] } as unknown as TrackerState,
      plan,
      index,
      planStatus: { dir: '', loadedAt: null, checkedAt: null, keptLastGood: false, problems: [] },
      stacks: [],
      declared: [],
      sources: () => [stacksSynced],
      clusters: () => clusters,
    };
    mirror.current = () => version;
    mirror.lastCapacityReport = () => null;
    let leading = false;
    const start = await lastId();
    const watch = new NotificationWatch({
      store: a,
      mirror,
      leading: () => leading,
      available: on,
      clock: () => new Date('2026-12-01T08:00:00Z'),
      mlpsDueDays: 30,
      intervalMs: 20,
    }).start();
    try {
      // Not the engine's replica: nothing.
      mirror.emit('delta', {});
      expect(await watch.look()).toEqual({ drift: 0, quota: 0, runOut: 0, mlps: 0 });
      leading = true;
      version = { ...version, version: 2 };
      mirror.emit('delta', {});
      // Ningbo's tenant over 80 % of its memory, and the unmanaged namespace it is (drift): told.
      await expect
        .poll(async () =>
          (await listOutbox(a.db))
            .filter((r) => r.id > start)
            .map((r) => `${r.kind} ${r.recipient}`)
            .sort(),
        )
        .toEqual([
          'drift.found dept-nb',
          'drift.found op-int',
          'drift.found op-nb',
          'drift.found op-prov',
          'quota.high dept-nb',
          'quota.high op-int',
          'quota.high op-nb',
          'quota.high op-prov',
        ]);
    } finally {
      await watch.stop();
    }
  });
});
