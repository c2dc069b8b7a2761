// A small typed Prometheus HTTP API client over fetch. Queries go as POST form bodies (long
// PromQL does not fit a URL), errors keep Prometheus's errorType, sample strings become numbers
// (NaN and ±Inf included) and range steps are clamped to the server's 11,000-point limit.

export type PromErrorType =
  'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable' | 'not_found' | 'network';

export class PromError extends Error {
  constructor(
    readonly errorType: PromErrorType | string,
    message: string,
    readonly status?: number,
  ) {
    super(`prometheus ${errorType}: ${message}`);
  }
}

export interface Sample {
  metric: Record<string, string>;
  value: number;
  time: number;
}

export interface Series {
  metric: Record<string, string>;
  values: [number, number][];
}

/** Sends one API request; the real one uses fetch, the sandbox answers in the same wire format. */
export type PromTransport = (
  path: string,
  form: URLSearchParams,
  signal: AbortSignal,
) => Promise<{ status: number; body: unknown }>;

export const MAX_POINTS = 11_000;

export function parseSampleValue(v: string): number {
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v); // 'NaN' → NaN
}

export function clampStep(startS: number, endS: number, stepS: number): number {
  const min = Math.ceil((endS - startS) / (MAX_POINTS - 1));
  return Math.max(stepS, min, 1);
}

export function fetchTransport(baseUrl: string, headers: Record<string, string> = {}): PromTransport {
  return async (path, form, signal) => {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw new PromError('timeout', 'request timed out');
      throw new PromError('network', (e as Error).cause ? String((e as Error).cause) : (e as Error).message);
    }
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      throw new PromError(
        res.status >= 500 ? 'unavailable' : 'bad_data',
        `HTTP ${res.status}: ${text.slice(0, 200)}`,
        res.status,
      );
    }
  };
}

interface ApiBody {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
  warnings?: string[];
}

export class PrometheusClient {
  /** Number of queries sent (for the query budget benchmark). */
  queriesSent = 0;
  warnings: string[] = [];

  constructor(
    private readonly transport: PromTransport,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(path: string, form: URLSearchParams): Promise<{ resultType: string; result: unknown }> {
    this.queriesSent++;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const { status, body } = await this.transport(path, form, signal);
    const b = body as ApiBody;
    if (b?.status !== 'success') {
      throw new PromError(b?.errorType ?? 'internal', b?.error ?? `HTTP ${status}`, status);
    }
    if (b.warnings?.length) this.warnings = b.warnings;
    if (!b.data?.resultType) throw new PromError('bad_data', 'response has no data');
    return { resultType: b.data.resultType, result: b.data.result };
  }

  async query(promql: string, time?: Date): Promise<Sample[]> {
    const form = new URLSearchParams({ query: promql });
    if (time) form.set('time', String(time.getTime() / 1000));
    const { resultType, result } = await this.call('api/v1/query', form);
    if (resultType === 'scalar') {
      const [t, v] = result as [number, string];
      return [{ metric: {}, value: parseSampleValue(v), time: t }];
    }
    if (resultType !== 'vector') throw new PromError('bad_data', `expected a vector, got ${resultType}`);
    return (result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
      metric: r.metric,
      value: parseSampleValue(r.value[1]),
      time: r.value[0],
    }));
  }

  async queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<Series[]> {
    const s = start.getTime() / 1000;
    const e = end.getTime() / 1000;
    const form = new URLSearchParams({
      query: promql,
      start: String(s),
      end: String(e),
      step: String(clampStep(s, e, stepSeconds)),
    });
    const { resultType, result } = await this.call('api/v1/query_range', form);
    if (resultType !== 'matrix') throw new PromError('bad_data', `expected a matrix, got ${resultType}`);
    return (result as { metric: Record<string, string>; values: [number, string][] }[]).map((r) => ({
      metric: r.metric,
      values: r.values.map(([t, v]) => [t, parseSampleValue(v)] as [number, number]),
    }));
  }
}
