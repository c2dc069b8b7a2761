import { describe, expect, it } from 'vitest';
import { PrometheusClient, type PromTransport } from '../../src/sources/prometheus/client.ts';
import { CombinedTrafficSource, PromTrafficSource } from '../../src/sources/prometheus/traffic-source.ts';
import { loadConfig } from '../../src/config/config.ts';

/** Answers like Prometheus's HTTP API would, with the given vector, or fails like a dead server. */
const server =
  (result: { metric: Record<string, string>; value: number }[] | 'down'): PromTransport =>
  async () => {
    if (result === 'down') throw Object.assign(new Error('connect ECONNREFUSED'), { errorType: 'network' });
    return {
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'vector',
          result: result.map((r) => ({ metric: r.metric, value: [1_790_000_000, String(r.value)] })),
        },
      },
    };
  };

describe('traffic sources', () => {
  it("a cluster's own Prometheus labels its samples with that cluster; a shared one keeps the cluster label", async () => {
    const own = new PromTrafficSource(
      'prometheus/nw',
      new PrometheusClient(server([{ metric: { namespace: 'a', cluster: 'k8s-prod' }, value: 3 }])),
      'q',
      'nw',
    );
    const shared = new PromTrafficSource(
      'prometheus/shared',
      new PrometheusClient(server([{ metric: { namespace: 'b', cluster: 'ww' }, value: 5 }])),
      'q',
    );
    const both = await new CombinedTrafficSource([own, shared]).traffic();
    expect(both.map((t) => [t.cluster, t.namespace, t.value])).toEqual([
      ['nw', 'a', 3],
      ['ww', 'b', 5],
    ]);
  });

  it('fails as a whole, naming the server that failed, so the last good reading is kept', async () => {
    const ok = new PromTrafficSource('prometheus/nw', new PrometheusClient(server([])), 'q', 'nw');
    const dead = new PromTrafficSource('prometheus/ww', new PrometheusClient(server('down')), 'q', 'ww');
    await expect(new CombinedTrafficSource([ok, dead]).traffic()).rejects.toThrow(
      /prometheus\/ww: .*ECONNREFUSED/,
    );
  });

  it('configuration validates Prometheus addresses', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(await mkdtemp(join(tmpdir(), 'yq-cfg-')), 'c.yaml');
    await writeFile(file, 'prometheus:\n  url: not a url\n');
    expect(() => loadConfig({ YUNQIAN_CONFIG: file })).toThrow(/prometheus\.url/);
    await writeFile(file, 'prometheus:\n  url: http://127.0.0.1:9090\n');
    expect(loadConfig({ YUNQIAN_CONFIG: file }).prometheus).toMatchObject({
      url: 'http://127.0.0.1:9090',
      timeoutSeconds: 10,
    });
  });
});
