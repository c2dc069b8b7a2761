// /metrics on the sandbox: the KPI and capacity gauges are there, with Prometheus naming, and
// the shipped Grafana dashboard only charts metrics Yunqian really exports.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import type { CapacityReport } from '../src/model/index.ts';
import { DASHBOARD_FILE, grafanaDashboard } from '../../scripts/grafana-dashboard.ts';

let app: App;
let text: string;
let report: CapacityReport;
beforeAll(async () => {
  const config = loadConfig({
    YUNQIAN_SANDBOX: 'true',
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
    YUNQIAN_LOG_LEVEL: 'silent',
  });
  app = await createApp({ ...config, plan: { ...config.plan, watch: false } });
  report = (await app.readModel().capacity!.report())!;
  text = (await app.http.inject({ url: '/metrics' })).body;
}, 60_000);
afterAll(() => app?.close());

describe('/metrics', () => {
  it('exports capacity per network in base units, and source health', () => {
    for (const name of [
      'yunqian_capacity_headroom_cores',
      'yunqian_capacity_headroom_bytes',
      'yunqian_capacity_runout_timestamp_seconds',
      'yunqian_source_staleness_seconds',
    ])
      expect(text).toMatch(new RegExp(`^${name}\\{network="external"|^${name}\\{source=`, 'm'));
    const external = report.networks.find((n) => n.network === 'external')!;
    const line = text
      .split('\n')
      .find((l) => l.startsWith('yunqian_capacity_headroom_cores{network="external"}'))!;
    expect(Number(line.split(' ')[1])).toBeCloseTo(external.figures.cpu.headroom!, 6);
    expect(text).toMatch(/^yunqian_source_up\{source="capacity\/sandbox",kind="prometheus",cluster=""\} 1$/m);
  });

  it('the Grafana dashboard is generated from its script and charts only exported metrics', () => {
    const file = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(grafanaDashboard())));
    const exported = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
    const used = new Set<string>(
      file.panels.flatMap((p: { targets: { expr: string }[] }) =>
        p.targets.flatMap((t) =>
          [...t.expr.matchAll(/yunqian_[a-z_]+/g)].map((m) => m[0].replace(/_bucket$/, '')),
        ),
      ),
    );
    expect(used.size).toBeGreaterThan(10);
    for (const m of used) expect(exported, m).toContain(m);
  });
});
