// The cut-over and retirement evidence, judged from readings: each state the gate and the pages
// show, from the probes, DNS answers and legacy counters that produce it.
import { describe, expect, it } from 'vitest';
import { track } from '../../src/tracker/index.ts';
import { ENDPOINTS_SOURCE } from '../../src/tracker/context.ts';
import type { EndpointReadings, Signoff } from '../../src/model/index.ts';
import { signoffReadiness } from '../../src/workflows/readiness.ts';
import { NOW, obs, system, testPlan } from './fixtures.ts';

const plan = testPlan(
  system(
    'portal',
    '    network: external\n    strategy: rehost\n    publicNames: [zwfw.example.gov.cn, api.example.gov.cn]\n    legacyHosts: [old.example.gov.cn]\n',
  ),
);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const CONFIG = {
  runningForMs: 600_000,
  servingThreshold: 0.1,
  ingress: { external: ['10.20.0.10', '10.20.0.11'] },
};

function readings(o: Partial<EndpointReadings> = {}): EndpointReadings {
  return {
    observedAt: NOW.toISOString(),
    probes: [
      { name: 'zwfw.example.gov.cn', success: 1, status: 200 },
      { name: 'api.example.gov.cn', success: 1, status: 302 },
    ],
    dns: [
      { name: 'zwfw.example.gov.cn', addresses: ['10.20.0.10'] },
      { name: 'api.example.gov.cn', addresses: ['10.20.0.11'] },
    ],
    legacy: [
      { host: 'old.example.gov.cn', requests: 0, ratePerSecond: 0, since: iso(NOW.getTime() - 7 * DAY) },
    ],
    legacyDays: 7,
    ...o,
  };
}

const proofOf = (r: EndpointReadings | null, o: Parameters<typeof obs>[0] = {}) =>
  track(plan, obs({ endpoints: r, ...o }), NOW, CONFIG).systems.find((s) => s.id === 'portal')!;

describe('cut-over proof', () => {
  it('is proven when every name answers 2xx/3xx and resolves to the ingress only', () => {
    expect(proofOf(readings()).proof!.cutover.state).toBe('proven');
  });

  it('fails on a failed probe, a 5xx, an answer outside the ingress, or a name nobody probes', () => {
    const failing = (r: Partial<EndpointReadings>) => proofOf(readings(r)).proof!.cutover;
    expect(
      failing({
        probes: [{ name: 'zwfw.example.gov.cn', success: 0, status: 503 }, ...readings().probes.slice(1)],
      }).state,
    ).toBe('failing');
    expect(
      failing({
        probes: [{ name: 'zwfw.example.gov.cn', success: 1, status: 500 }, ...readings().probes.slice(1)],
      }).state,
    ).toBe('failing');
    const elsewhere = failing({
      dns: [
        { name: 'zwfw.example.gov.cn', addresses: ['10.20.0.10', '192.0.2.5'] },
        { name: 'api.example.gov.cn', addresses: ['10.20.0.11'] },
      ],
    });
    expect(elsewhere.state).toBe('failing');
    expect(elsewhere.names[0]).toMatchObject({ dns: 'elsewhere', addresses: ['10.20.0.10', '192.0.2.5'] });
    expect(failing({ probes: readings().probes.slice(1) }).names[0]).toMatchObject({ success: null });
    expect(failing({ dns: [{ name: 'api.example.gov.cn', addresses: ['10.20.0.11'] }] }).names[0]!.dns).toBe(
      'unresolved',
    );
  });

  it('is stale, not passed or failed, while the readings are not fresh; no-source without them', () => {
    const stale = {
      sources: [
        { id: ENDPOINTS_SOURCE, kind: 'prometheus' as const, state: 'stale' as const, lastSyncedAt: iso(0) },
      ],
    };
    const t = proofOf(readings(), stale);
    expect(t.proof!.cutover.state).toBe('stale');
    // The endpoint readings' freshness stays in the proof: the system's other figures are not stale.
    expect(t.staleSources).toEqual([]);
    expect(proofOf(null).proof!.cutover.state).toBe('no-source');
  });

  it('is absent for a system the plan gives neither names nor legacy hosts', () => {
    expect(
      track(plan, obs({ endpoints: readings() }), NOW, CONFIG).systems.find((s) => s.id === 'app')!.proof,
    ).toBe(undefined);
  });
});

describe('retirement proof', () => {
  const legacy = (l: Partial<EndpointReadings['legacy'][number]>) =>
    proofOf(readings({ legacy: [{ ...readings().legacy[0]!, ...l }] })).proof!.retirement;

  it('is quiet with no request over the whole window', () => {
    expect(legacy({}).state).toBe('quiet');
  });

  it('is recent, serving, short or absent as the counter says', () => {
    expect(legacy({ requests: 3 }).state).toBe('recent');
    expect(legacy({ requests: 3, ratePerSecond: 0.2 }).state).toBe('serving');
    expect(legacy({ since: iso(NOW.getTime() - 2 * DAY) })).toMatchObject({
      state: 'short',
      hosts: [{ covered: false }],
    });
    expect(proofOf(readings({ legacy: [] })).proof!.retirement.state).toBe('absent');
  });

  it('flags a legacy host still serving after its retirement was signed, and only then', () => {
    const serving = readings({
      legacy: [{ host: 'old.example.gov.cn', requests: 40, ratePerSecond: 0.05, since: iso(0) }],
    });
    const signed: Signoff = {
      system: 'portal',
      kind: 'legacy-retired',
      signedBy: 'wang',
      signedAt: iso(NOW.getTime() - DAY),
    };
    const code = (t: ReturnType<typeof proofOf>) => t.blockers.map((b) => b.code);
    expect(code(proofOf(serving))).not.toContain('legacy-still-serving');
    const flagged = proofOf(serving, { signoffs: [signed] });
    expect(flagged.proof!.retirement.afterRetirement).toBe(true);
    expect(proofOf(serving).proof!.retirement.afterRetirement).toBe(undefined);
    expect(flagged.blockers).toContainEqual({
      kind: 'compliance',
      code: 'legacy-still-serving',
      params: { hosts: 'old.example.gov.cn', rate: 0.05 },
    });
    expect(code(proofOf(readings(), { signoffs: [signed] }))).not.toContain('legacy-still-serving');
  });
});

describe('the sign-off gate', () => {
  const base = { stage: 'serving' as const, strategy: 'rehost', runbookMissing: [] };
  it('lets a proven cut-over through, refuses an unproven one unless overridden', () => {
    const proof = proofOf(readings()).proof!;
    expect(signoffReadiness('cut-over', { ...base, proof })).toEqual({ ok: true });
    const failing = proofOf(readings({ probes: [] })).proof!;
    expect(signoffReadiness('cut-over', { ...base, proof: failing })).toEqual({
      ok: false,
      reason: 'proof',
      state: 'failing',
    });
    expect(
      signoffReadiness('cut-over', { ...base, proof: failing, overridden: new Set(['cut-over' as const]) }),
    ).toEqual({ ok: true, overridden: true });
  });

  it('asks quiet legacy hosts before the retirement; a plan without names needs an override only when required', () => {
    const recent = proofOf(readings({ legacy: [{ ...readings().legacy[0]!, requests: 9 }] })).proof!;
    expect(signoffReadiness('legacy-retired', { ...base, stage: 'cut-over', proof: recent })).toMatchObject({
      ok: false,
      state: 'recent',
    });
    expect(signoffReadiness('cut-over', base)).toEqual({ ok: true });
    expect(signoffReadiness('cut-over', { ...base, requireNames: true })).toEqual({
      ok: false,
      reason: 'proof',
      state: 'no-names',
    });
  });
});
