// Evidence that a cut-over and a retirement happened, beyond the signatures: the system's public
// names answer from the cloud (blackbox probes, DNS), and the legacy site has had no traffic for
// the required days. The tracker judges it (tracker/proof.ts); the sign-off gate and every page
// read the judgement, never the series.

/** One public name's probe (blackbox-exporter) and, where configured, its DNS answer. */
export interface NameProof {
  name: string;
  /** probe_success of the probes whose target is this name (all vantage points), null if none. */
  success: number | null;
  /** probe_http_status_code, null when not an HTTP probe or no probe. */
  status: number | null;
  /** `cloud`: every address answered is one of the network's ingress addresses. */
  dns: 'cloud' | 'elsewhere' | 'unresolved' | null;
  addresses?: string[] | undefined;
}

export interface CutoverProof {
  /**
   * `proven`: every name probed successfully (2xx/3xx) and, where DNS is checked, answered by the
   * cloud's ingress; `failing`: some name is not; `no-names`: the plan gives none to probe;
   * `no-source`: no Prometheus is configured; `stale`: the probe readings are not fresh.
   */
  state: 'proven' | 'failing' | 'no-names' | 'no-source' | 'stale';
  names: NameProof[];
}

/** One legacy host's requests (the configured counter) over the window and now, as read. */
export interface LegacyReading {
  host: string;
  /** Requests in the last `days` days, null when the counter has no series for the host. */
  requests: number | null;
  /** Requests per second now (15-minute rate). */
  ratePerSecond: number | null;
  /** The earliest sample inside the window: the reading covers the window only if this is near its start. */
  since: string | null;
}

/**
 * The same, judged: rounded so that a version changes only when the traffic does, and whether
 * the counter covers the whole window (a sliding window's first sample moves every minute).
 */
export interface LegacyHostProof {
  host: string;
  requests: number | null;
  ratePerSecond: number | null;
  covered: boolean;
}

export interface RetirementProof {
  /**
   * `quiet`: every legacy host had no request for the whole window; `serving`: a host answers
   * requests now; `recent`: no requests now but some within the window; `short`: the counter does
   * not cover the whole window; `absent`: no series for a host; `no-hosts`, `no-source`, `stale`.
   */
  state: 'quiet' | 'serving' | 'recent' | 'short' | 'absent' | 'no-hosts' | 'no-source' | 'stale';
  days: number;
  hosts: LegacyHostProof[];
  /** Serving although its retirement was signed (the legacy-still-serving finding); absent otherwise. */
  afterRetirement?: true | undefined;
}

export interface SystemProof {
  cutover: CutoverProof;
  retirement: RetirementProof;
}

/** What the endpoint sources read, as the tracker gets it (indexed by name and host). */
export interface EndpointReadings {
  observedAt: string;
  probes: { name: string; success: number; status: number | null }[];
  dns: { name: string; addresses: string[]; error?: string | undefined }[];
  legacy: LegacyReading[];
  legacyDays: number;
}
