// The capacity reader against a transport that answers in Prometheus's wire format: label
// joins, quota key normalisation, the fixed query count and the shared cache.
import { describe, expect, it } from 'vitest';
import { PrometheusClient, type PromTransport } from '../../src/sources/prometheus/client.ts';
import { PromCapacityReader } from '../../src/sources/prometheus/capacity-reader.ts';
import { SNAPSHOT_QUERIES } from '../../src/sources/prometheus/capacity-queries.ts';
import { QueryCache } from '../../src/sources/prometheus/query-cache.ts';

type Row = [Record<string, string>, string];
function transport(
  rows: Partial<Record<keyof typeof SNAPSHOT_QUERIES, Row[]>>,
  calls: string[] = [],
): PromTransport {
  const byQuery = new Map(
    Object.entries(SNAPSHOT_QUERIES).map(([k, q]) => [q, k as keyof typeof SNAPSHOT_QUERIES]),
  );
  return async (_path, form) => {
    const q = form.get('query')!;
    calls.push(q);
    const result = (rows[byQuery.get(q)!] ?? []).map(([metric, v]) => ({ metric, value: [1, v] }));
    return { status: 200, body: { status: 'success', data: { resultType: 'vector', result } } };
  };
}

describe('capacity reader', () => {
  it('joins by cluster and namespace, normalises quota keys and keeps the tightest quota', async () => {
    const reader = new PromCapacityReader(
      'p',
      new PrometheusClient(
        transport({
          allocatable: [
            [{ cluster: 'a', resource: 'cpu' }, '10'],
            [{ cluster: 'a', resource: 'memory' }, '1000'],
            [{ cluster: 'a', resource: 'pods' }, '110'],
          ],
          requestsCpu: [[{ cluster: 'a', namespace: 'n' }, '2.5']],
          usageCpu: [[{ cluster: 'a', namespace: 'n' }, 'NaN']],
          quotaHard: [
            [{ cluster: 'a', namespace: 'n', resource: 'requests.cpu' }, '8'],
            [{ cluster: 'a', namespace: 'n', resource: 'cpu' }, '6'],
            [{ cluster: 'a', namespace: 'n', resource: 'limits.cpu' }, '99'],
            [{ cluster: 'a', namespace: 'n', resource: 'memory' }, '512'],
          ],
          quotaUsed: [[{ cluster: 'a', namespace: 'n', resource: 'requests.cpu' }, '2.5']],
        }),
      ),
      undefined,
      new QueryCache(),
      1000,
    );
    const s = await reader.snapshot(0);
    expect(s.allocatable.get('a')).toEqual({ cpu: 10, memory: 1000 });
    expect(s.namespaces).toEqual([
      {
        cluster: 'a',
        namespace: 'n',
        requests: { cpu: 2.5, memory: 0 },
        usage: { cpu: 0, memory: 0 }, // NaN is no reading, not a number to add up
        quotaHard: { cpu: 6, memory: 512 },
        quotaUsed: { cpu: 2.5, memory: 0 },
        storage: 0,
      },
    ]);
  });

  it("a cluster's own Prometheus needs no cluster label", async () => {
    const reader = new PromCapacityReader(
      'own',
      new PrometheusClient(transport({ requestsCpu: [[{ namespace: 'n' }, '1']] })),
      'c9',
      new QueryCache(),
      1000,
    );
    expect((await reader.snapshot(0)).namespaces[0]!.cluster).toBe('c9');
  });

  it('asks a fixed number of queries, shares them between concurrent callers and reuses them briefly', async () => {
    const calls: string[] = [];
    let now = 0;
    const reader = new PromCapacityReader(
      'p',
      new PrometheusClient(transport({}, calls)),
      undefined,
      new QueryCache(() => now),
      15_000,
    );
    await Promise.all([reader.snapshot(0), reader.snapshot(0), reader.snapshot(0)]);
    expect(calls.length).toBe(Object.keys(SNAPSHOT_QUERIES).length);
    now = 10_000;
    await reader.snapshot(0);
    expect(calls.length).toBe(Object.keys(SNAPSHOT_QUERIES).length);
    now = 20_000;
    await reader.snapshot(0);
    expect(calls.length).toBe(2 * Object.keys(SNAPSHOT_QUERIES).length);
  });

  it('does not cache failures', async () => {
    const cache = new QueryCache();
    let n = 0;
    const load = async () => {
      if (n++ === 0) throw new Error('down');
      return 1;
    };
    await expect(cache.get('k', 60_000, load)).rejects.toThrow('down');
    await expect(cache.get('k', 60_000, load)).resolves.toBe(1);
  });
});
