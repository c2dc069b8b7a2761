// Judges the cut-over and retirement evidence of one system from the endpoint readings: its
// public names answer the blackbox probes (2xx/3xx) and, where DNS is checked, resolve to the
// cloud's ingress on its network; its legacy hosts have had no request for the whole window. A
// reading that is not fresh is `stale`, never a pass or a fail. Pure: the tracker calls it per
// system, the sign-off gate and the pages read its result.
import type { PlannedSystem } from '@yunqian/plan';
import type {
  Blocker,
  CutoverProof,
  EndpointReadings,
  LegacyHostProof,
  LegacyReading,
  NameProof,
  RetirementProof,
  SystemProof,
} from '../model/index.ts';
import type { TrackerConfig } from './config.ts';

/** The readings indexed once per recompute. */
export interface EndpointIndex {
  readings: EndpointReadings;
  probes: Map<string, { success: number; status: number | null }>;
  dns: Map<string, { addresses: string[]; error?: string | undefined }>;
  legacy: Map<string, LegacyReading>;
  /** The endpoint source is not fresh: nothing is judged from it. */
  stale: boolean;
}

export function indexEndpoints(readings: EndpointReadings, stale: boolean): EndpointIndex {
  return {
    readings,
    probes: new Map(readings.probes.map((p) => [p.name, p])),
    dns: new Map(readings.dns.map((d) => [d.name, d])),
    legacy: new Map(readings.legacy.map((l) => [l.host, l])),
    stale,
  };
}

/** A probe counts when it succeeded with an HTTP status below 400 (or no HTTP status: a TCP probe). */
const probeOk = (p: { success: number; status: number | null } | undefined) =>
  !!p && p.success >= 1 && (p.status === null || (p.status >= 200 && p.status < 400));

function nameProof(name: string, idx: EndpointIndex, ingress: readonly string[] | undefined): NameProof {
  const p = idx.probes.get(name);
  const d = ingress ? idx.dns.get(name) : undefined;
  const dns: NameProof['dns'] = !ingress
    ? null
    : !d || d.error || !d.addresses.length
      ? 'unresolved'
      : d.addresses.every((a) => ingress.includes(a))
        ? 'cloud'
        : 'elsewhere';
  return {
    name,
    success: p ? p.success : null,
    status: p ? p.status : null,
    dns,
    ...(d ? { addresses: d.addresses } : {}),
  };
}

export function cutoverProof(
  s: PlannedSystem,
  idx: EndpointIndex | null,
  config: TrackerConfig,
): CutoverProof {
  const names = s.publicNames ?? [];
  if (!names.length) return { state: 'no-names', names: [] };
  if (!idx) return { state: 'no-source', names: names.map((name) => blankName(name)) };
  const ingress = config.ingress?.[s.network];
  const proofs = names.map((n) => nameProof(n, idx, ingress));
  if (idx.stale) return { state: 'stale', names: proofs };
  const ok = proofs.every((n) => probeOk(idx.probes.get(n.name)) && (n.dns === null || n.dns === 'cloud'));
  return { state: ok ? 'proven' : 'failing', names: proofs };
}

const blankName = (name: string): NameProof => ({ name, success: null, status: null, dns: null });

/** A request count below this is no request (increase() extrapolates, and counters are whole). */
const NO_REQUEST = 0.5;
/** The window's first sample may come this late and still cover it (a scrape interval and a subquery step). */
const COVER_SLACK_MS = 2 * 3_600_000;

export function retirementProof(s: PlannedSystem, idx: EndpointIndex | null, nowMs: number): RetirementProof {
  const hosts = s.legacyHosts ?? [];
  const days = idx?.readings.legacyDays ?? 0;
  if (!hosts.length) return { state: 'no-hosts', days, hosts: [] };
  const blank = (host: string): LegacyHostProof => ({
    host,
    requests: null,
    ratePerSecond: null,
    covered: false,
  });
  if (!idx) return { state: 'no-source', days, hosts: hosts.map(blank) };
  const windowStart = nowMs - days * 86_400_000;
  const proofs = hosts.map((h): LegacyHostProof => {
    const r = idx.legacy.get(h);
    if (!r) return blank(h);
    return {
      host: h,
      requests: r.requests === null ? null : Math.round(r.requests),
      ratePerSecond: r.ratePerSecond === null ? null : Math.round(r.ratePerSecond * 1000) / 1000,
      covered: !!r.since && Date.parse(r.since) <= windowStart + COVER_SLACK_MS,
    };
  });
  if (idx.stale) return { state: 'stale', days, hosts: proofs };
  const raw = hosts.map((h) => idx.legacy.get(h));
  const state: RetirementProof['state'] = raw.some((r) => (r?.ratePerSecond ?? 0) > 0)
    ? 'serving'
    : raw.some((r) => !r || r.requests === null)
      ? 'absent'
      : raw.some((r) => r!.requests! >= NO_REQUEST)
        ? 'recent'
        : proofs.some((h) => !h.covered)
          ? 'short'
          : 'quiet';
  return { state, days, hosts: proofs };
}

export function proofOf(
  s: PlannedSystem,
  idx: EndpointIndex | null,
  config: TrackerConfig,
  nowMs: number,
): SystemProof | undefined {
  if (!s.publicNames?.length && !s.legacyHosts?.length) return undefined;
  return { cutover: cutoverProof(s, idx, config), retirement: retirementProof(s, idx, nowMs) };
}

/**
 * A legacy host still answering requests after its retirement was signed: the old system is
 * exposed although everyone believes it gone.
 */
export function legacyStillServing(proof: SystemProof | undefined, retiredSigned: boolean): Blocker | null {
  if (!proof || !retiredSigned || proof.retirement.state !== 'serving') return null;
  const serving = proof.retirement.hosts.filter((h) => (h.ratePerSecond ?? 0) > 0);
  // A rate below a thousandth rounds to 0 in the proof: the host is named all the same.
  if (!serving.length) serving.push(...proof.retirement.hosts.filter((h) => h.requests !== 0));
  return {
    kind: 'compliance',
    code: 'legacy-still-serving',
    params: {
      hosts: serving.map((h) => h.host).join(', '),
      rate: Math.round(serving.reduce((a, h) => a + (h.ratePerSecond ?? 0), 0) * 1000) / 1000,
    },
  };
}
