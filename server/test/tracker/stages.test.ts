import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  track,
  diffStages,
  DEFAULT_TRACKER_CONFIG,
  targetProgress,
  burnUp,
} from '../../src/tracker/index.ts';
import { stageRank, STAGES, type Observations, type Signoff } from '../../src/model/index.ts';
import { NOW, obs, readyWorkload, tenant, testPlan } from './fixtures.ts';

const plan = testPlan();
const stageOf = (o: Observations, id = 'app') => track(plan, o, NOW).systems.find((s) => s.id === id)!;
const signoff = (system: string, kind: Signoff['kind'], confirmed = true): Signoff => ({
  system,
  kind,
  signedBy: 'dept',
  signedAt: '2026-06-10T00:00:00Z',
  ...(confirmed ? { confirmedBy: 'ops', confirmedAt: '2026-06-10T01:00:00Z' } : {}),
});
const declared = (system: string, network: 'internal' | 'external' = 'internal') => ({
  backend: 'file:///x',
  stack: 'p/internal',
  network,
  namespace: system,
  department: 'd1',
  system,
  quota: null,
  networkPolicies: null,
  roleBindings: null,
  updatedAt: '2026-03-01T00:00:00Z',
});
const traffic = (namespace: string, value: number, cluster = 'in-1') => ({
  cluster,
  namespace,
  system: null,
  value,
  observedAt: NOW.toISOString(),
});

describe('stages derive from evidence', () => {
  const full = {
    tenants: [tenant('app', { workloads: [readyWorkload()] })],
    traffic: [traffic('app', 5)],
    signoffs: [signoff('app', 'cut-over'), signoff('app', 'legacy-retired')],
  };
  const cases: [string, Partial<Observations>, string, string | null][] = [
    ['nothing observed', {}, 'planned', 'no-tenant'],
    [
      'namespace live, no stack source configured',
      { tenants: [tenant('app')] },
      'provisioned',
      'no-workloads',
    ],
    [
      'namespace live but not declared by the stacks',
      { tenants: [tenant('app')], declared: [] },
      'planned',
      'live-not-declared',
    ],
    ['declared but not live', { declared: [declared('app')] }, 'planned', 'declared-not-live'],
    [
      'declared and live',
      { tenants: [tenant('app')], declared: [declared('app')] },
      'provisioned',
      'no-workloads',
    ],
    [
      'tenant on the wrong network does not count',
      { tenants: [tenant('app', { network: 'external', cluster: 'ex-1' })] },
      'planned',
      'no-tenant',
    ],
    [
      'workloads exist, not ready',
      { tenants: [tenant('app', { workloads: [{ kind: 'Deployment', name: 'w', desired: 2, ready: 1 }] })] },
      'deployed',
      'workloads-not-ready',
    ],
    [
      'workloads scaled to zero',
      { tenants: [tenant('app', { workloads: [{ kind: 'Deployment', name: 'w', desired: 0, ready: 0 }] })] },
      'deployed',
      'no-replicas-desired',
    ],
    [
      'ready, but not for long enough',
      {
        tenants: [
          tenant('app', { workloads: [readyWorkload(new Date(NOW.getTime() - 60_000).toISOString())] }),
        ],
      },
      'deployed',
      'ready-not-long-enough',
    ],
    [
      'ready long enough, no metrics source',
      { tenants: [tenant('app', { workloads: [readyWorkload()] })] },
      'serving',
      'awaiting-cut-over',
    ],
    [
      'ready, metrics show no traffic',
      { tenants: [tenant('app', { workloads: [readyWorkload()] })], traffic: [traffic('app', 0)] },
      'running',
      'no-traffic',
    ],
    [
      'traffic NaN is not traffic',
      { tenants: [tenant('app', { workloads: [readyWorkload()] })], traffic: [traffic('app', NaN)] },
      'running',
      'no-traffic',
    ],
    ['serving', { tenants: full.tenants, traffic: full.traffic }, 'serving', 'awaiting-cut-over'],
    [
      "the system's own query overrides its tenants' traffic (none)",
      { tenants: full.tenants, traffic: [...full.traffic, { ...traffic('', 0, ''), system: 'app' }] },
      'running',
      'no-traffic',
    ],
    [
      "the system's own query overrides its tenants' traffic (some)",
      { tenants: full.tenants, traffic: [traffic('app', 0), { ...traffic('', 2, ''), system: 'app' }] },
      'serving',
      'awaiting-cut-over',
    ],
    [
      'cut-over signed but not confirmed: the operator is awaited, not another signature',
      { ...full, signoffs: [signoff('app', 'cut-over', false)] },
      'serving',
      'awaiting-cut-over-confirmation',
    ],
    [
      'cut-over confirmed',
      { ...full, signoffs: [signoff('app', 'cut-over')] },
      'cut-over',
      'awaiting-legacy-retired',
    ],
    ['migrated', full, 'migrated', null],
    [
      'sign-offs without live evidence do not skip stages',
      { signoffs: full.signoffs },
      'planned',
      'no-tenant',
    ],
    [
      'legacy retired without cut-over does not skip',
      { ...full, signoffs: [signoff('app', 'legacy-retired')] },
      'serving',
      'awaiting-cut-over',
    ],
  ];
  it.each(cases)('%s → %s', (_n, o, stage, waiting) => {
    const s = stageOf(obs(o));
    expect(s.stage).toBe(stage);
    expect(s.waitingFor?.code ?? null).toBe(waiting);
    expect(s.evidence.map((e) => e.stage)).toEqual(
      ['planned', 'provisioned', 'deployed', 'running', 'serving', 'cut-over', 'migrated'].slice(
        0,
        stageRank(stage as never) + 1,
      ),
    );
  });

  it('retire and retain follow their own paths', () => {
    expect(stageOf(obs(), 'old').stage).toBe('planned');
    expect(stageOf(obs({ signoffs: [signoff('old', 'legacy-retired')] }), 'old').stage).toBe('retired');
    expect(stageOf(obs(), 'keep').stage).toBe('retained');
  });

  it('records a move back with the evidence that went missing', () => {
    const before = track(plan, obs({ tenants: [tenant('app', { workloads: [readyWorkload()] })] }), NOW);
    const after = track(plan, obs({ tenants: [tenant('app')] }), new Date(NOW.getTime() + 1000));
    const changes = diffStages(before, after);
    expect(changes).toEqual([
      {
        system: 'app',
        from: 'serving',
        to: 'provisioned',
        at: after.computedAt,
        evidence: expect.objectContaining({ stage: 'provisioned' }),
      },
    ]);
  });
});

describe('health, blockers and gates', () => {
  const blockers = (o: Partial<Observations>, id = 'app', now = NOW) =>
    track(plan, obs(o), now)
      .systems.find((s) => s.id === id)!
      .blockers.map((b) => b.code);
  it.each([
    ['healthy', { tenants: [tenant('app', { workloads: [readyWorkload()] })] }],
    [
      'degraded',
      {
        tenants: [
          tenant('app', {
            workloads: [readyWorkload(), { kind: 'StatefulSet', name: 'db', desired: 3, ready: 2 }],
          }),
        ],
      },
    ],
    [
      'failing',
      { tenants: [tenant('app', { workloads: [{ kind: 'Deployment', name: 'w', desired: 2, ready: 0 }] })] },
    ],
    [
      'unknown',
      {
        tenants: [tenant('app')],
        sources: [
          {
            id: 'kubernetes/in-1',
            kind: 'kubernetes',
            cluster: 'in-1',
            state: 'stale',
            lastSyncedAt: '2026-06-15T11:00:00Z',
          },
        ],
      },
    ],
  ] as [string, Partial<Observations>][])('%s', (health, o) => {
    const s = stageOf(obs(o));
    expect(s.health).toBe(health);
    if (health === 'unknown')
      expect(s.staleSources).toEqual([{ id: 'kubernetes/in-1', lastSyncedAt: '2026-06-15T11:00:00Z' }]);
  });

  it('a stale source of the other network does not make a system unknown', () => {
    const s = stageOf(
      obs({
        tenants: [tenant('app')],
        sources: [{ id: 'kubernetes/ex-1', kind: 'kubernetes', cluster: 'ex-1', state: 'stale' }],
      }),
    );
    expect(s.health).toBe('healthy');
  });

  it('signed off but no longer running is failing', () => {
    expect(stageOf(obs({ tenants: [tenant('app')], signoffs: [signoff('app', 'cut-over')] })).health).toBe(
      'failing',
    );
  });

  it('gate: classified system outside the internal network', () => {
    expect(
      blockers({ tenants: [tenant('secret', { network: 'external', cluster: 'ex-1' })] }, 'secret'),
    ).toContain('classified-off-internal');
    expect(blockers({ tenants: [tenant('secret')] }, 'secret')).not.toContain('classified-off-internal');
  });
  it('gate: MLPS level above the cluster rating', () => {
    const p = testPlan().systems.find((s) => s.id === 'app')!;
    expect(p.mlps.level).toBe(3);
    expect(
      blockers({
        clusters: [{ id: 'in-1', network: 'internal', name: { zh: '', en: '' }, maxMlps: 2 }],
        tenants: [tenant('app')],
      }),
    ).toContain('mlps-above-cluster');
    expect(blockers({ tenants: [tenant('app')] })).not.toContain('mlps-above-cluster');
  });
  it('gate: internal tenant without default deny', () => {
    expect(
      blockers({ tenants: [tenant('app', { defaultDeny: { ingress: true, egress: false } })] }),
    ).toContain('no-default-deny');
    expect(
      blockers({ tenants: [tenant('web', { defaultDeny: { ingress: true, egress: false } })] }, 'web'),
    ).not.toContain('no-default-deny');
  });
  it('gate: cross-network dependency without a channel', () => {
    expect(blockers({}, 'other')).toContain('cross-network-without-channel');
  });
  it('quota exhausted, overdue dates, drift and manual blockers', () => {
    expect(
      blockers({ tenants: [tenant('app', { quota: { hard: { cpu: 4 }, used: { cpu: 4 } } })] }),
    ).toContain('quota-exhausted');
    expect(
      blockers({ tenants: [tenant('app', { quota: { hard: { cpu: 4 }, used: { cpu: 3 } } })] }),
    ).not.toContain('quota-exhausted');
    expect(blockers({})).toContain('start-passed');
    expect(blockers({}, 'app', new Date('2026-02-01T00:00:00Z'))).not.toContain('start-passed');
    expect(blockers({ tenants: [tenant('app')] }, 'app', new Date('2026-10-01T00:00:00Z'))).toContain(
      'cutover-passed',
    );
    expect(blockers({ tenants: [tenant('app')], declared: [] })).toContain('live-not-declared');
    expect(blockers({ declared: [declared('app')] })).toContain('declared-not-live');
    expect(
      blockers({
        blockers: [
          {
            id: 'b1',
            system: 'app',
            reason: '等待网络割接窗口',
            owner: 'ops',
            raisedAt: '2026-06-01T00:00:00Z',
          },
        ],
      }),
    ).toContain('manual');
  });
});

describe('roll-ups, rate and forecast', () => {
  it('counts a unit towards its department and the province; rate uses the configured scope', () => {
    const state = track(
      plan,
      obs({
        tenants: [tenant('web', { workloads: [readyWorkload()] })],
        signoffs: [signoff('web', 'cut-over'), signoff('web', 'legacy-retired')],
      }),
      NOW,
    );
    expect(state.rollups.departments['d1-unit']!.migrated).toBe(1);
    expect(state.rollups.departments['d1']!.migrated).toBe(1);
    expect(state.rollups.departments['province']!.total).toBe(plan.systems.length);
    // In scope: app, web, other (secret is classified; old and keep are counted apart).
    expect(state.rollups.total.inScope).toBe(3);
    expect(state.rollups.total.rate).toBeCloseTo(1 / 3);
  });

  it('on-time cut-over: due systems count, early sign-offs are on time, late ones and missed dates are not', () => {
    const serving = [
      tenant('app', { workloads: [readyWorkload()] }),
      tenant('web', { workloads: [readyWorkload()] }),
      tenant('other', { workloads: [readyWorkload()] }),
    ];
    const signed = (system: string, at: string): Signoff => ({
      ...signoff(system, 'cut-over'),
      signedAt: at,
    });
    // Planned cut-over for every test system is 2026-09-01.
    const state = track(
      plan,
      obs({
        tenants: serving,
        signoffs: [signed('app', '2026-08-20T00:00:00Z'), signed('web', '2026-09-15T00:00:00Z')],
      }),
      new Date('2026-10-01T00:00:00Z'),
    );
    const of = (id: string) => state.systems.find((s) => s.id === id)!.onTime;
    expect([of('app'), of('web'), of('other'), of('old'), of('keep')]).toEqual([
      true,
      false,
      false,
      null,
      null,
    ]);
    expect(state.rollups.total).toMatchObject({ cutoverDue: 3, cutoverOnTime: 1 });
    expect(state.rollups.total.onTimeRate).toBeCloseTo(1 / 3);
    // Before the date, an early sign-off already counts; the others are not due.
    const early = track(
      plan,
      obs({ tenants: serving, signoffs: [signed('app', '2026-06-01T00:00:00Z')] }),
      NOW,
    );
    expect(early.rollups.total).toMatchObject({ cutoverDue: 1, cutoverOnTime: 1, onTimeRate: 1 });
  });

  it('forecasts from recent velocity', () => {
    const state = track(plan, obs(), NOW);
    const changes = [
      {
        system: 'app',
        from: 'cut-over' as const,
        to: 'migrated' as const,
        at: '2026-06-01T00:00:00Z',
        evidence: null,
      },
    ];
    const [t] = targetProgress(plan, state, changes, NOW, 30);
    // 2 of 3 needed for 50%: at 1 per 30 days, 60 days from now.
    expect(t!.forecast).toBe('2026-08-14');
    expect(t!.onTrack).toBe(true);
    expect(burnUp(changes, new Set(['app']), '2026-05-31', '2026-06-02').map((p) => p.migrated)).toEqual([
      0, 1, 1,
    ]);
  });

  it('keeps the same forecast through a day of refreshes (the pace is measured over whole days)', () => {
    const state = track(plan, obs(), NOW);
    // A migration that a trailing 30-day window ending "now" drops between 05:00 and 12:00.
    const changes = [
      {
        system: 'app',
        from: 'cut-over' as const,
        to: 'migrated' as const,
        at: '2026-05-16T06:00:00Z',
        evidence: null,
      },
    ];
    const at = (iso: string) => targetProgress(plan, state, changes, new Date(iso), 30)[0]!.forecast;
    const morning = at('2026-06-15T05:00:00Z');
    expect(morning).not.toBeNull();
    expect(at('2026-06-15T12:00:00Z')).toBe(morning);
    expect(at('2026-06-15T23:59:00Z')).toBe(morning);
  });

  it('invariants hold for any observations (property-based)', () => {
    const ids = plan.systems.map((s) => s.id);
    const arbTenant = fc.record({
      system: fc.constantFrom(...ids),
      internal: fc.boolean(),
      desired: fc.nat(3),
      ready: fc.nat(3),
      readyAgoMin: fc.nat(60),
      deny: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(arbTenant, { maxLength: 8 }),
        fc.subarray(ids),
        fc.subarray(ids),
        fc.option(fc.array(fc.tuple(fc.constantFrom(...ids), fc.double({ noNaN: false })), { maxLength: 6 })),
        (ts, cut, retired, traf) => {
          const o = obs({
            tenants: ts.map((t) =>
              tenant(t.system, {
                network: t.internal ? 'internal' : 'external',
                cluster: t.internal ? 'in-1' : 'ex-1',
                defaultDeny: { ingress: t.deny, egress: t.deny },
                workloads: t.desired
                  ? [
                      {
                        kind: 'Deployment',
                        name: 'w',
                        desired: t.desired,
                        ready: t.ready,
                        readySince:
                          t.ready >= t.desired
                            ? new Date(NOW.getTime() - t.readyAgoMin * 60_000).toISOString()
                            : undefined,
                      },
                    ]
                  : [],
              }),
            ),
            traffic: traf
              ? traf.map(([s, v]) =>
                  traffic(
                    s,
                    v,
                    plan.systems.find((x) => x.id === s)!.network === 'internal' ? 'in-1' : 'ex-1',
                  ),
                )
              : null,
            signoffs: [
              ...cut.map((s) => signoff(s, 'cut-over')),
              ...retired.map((s) => signoff(s, 'legacy-retired')),
            ],
          });
          const state = track(plan, o, NOW, DEFAULT_TRACKER_CONFIG);
          const sum = (r: { byStage: Record<string, number> }) =>
            STAGES.reduce((a, s) => a + r.byStage[s]!, 0);
          expect(sum(state.rollups.total)).toBe(plan.systems.length);
          expect(state.rollups.networks.internal.total + state.rollups.networks.external.total).toBe(
            state.rollups.total.total,
          );
          expect(state.rollups.departments['province']!.total).toBe(state.rollups.total.total);
          for (const s of state.systems) {
            // Never a stage without evidence for it and every stage before it.
            if (s.stage !== 'retained')
              expect(s.evidence.length).toBe(
                stageRank(s.stage) + 1 - (s.stage === 'retired' ? stageRank('retired') - 1 : 0),
              );
            if (stageRank(s.stage) >= stageRank('provisioned') && stageRank(s.stage) < 7)
              expect(s.tenants.length).toBeGreaterThan(0);
            if (s.stage === 'migrated') expect(cut.includes(s.id) && retired.includes(s.id)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
