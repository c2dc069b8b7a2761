// A real Prometheus for tests (Debian's package): own config and data directory, a free loopback
// port, optional history backfilled with promtool from OpenMetrics text, stop and restart on
// the same data for outage tests.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.ts';

const installed = () => {
  try {
    execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Null when Prometheus is ready; installs Debian's package first if it is missing (root or sudo). */
export function prometheusAvailable(): string | null {
  if (installed()) return null;
  try {
    const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
    const run = (args: string[]) =>
      execFileSync(args[0]!, args.slice(1), {
        stdio: 'ignore',
        timeout: 600_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    run([...sudo, 'apt-get', 'update', '-qq']);
    run([...sudo, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'prometheus']);
  } catch {
    // fall through to the message below
  }
  return installed()
    ? null
    : "prometheus/promtool not installed and could not be installed: run 'pnpm test:deps'";
}

export interface RunningPrometheus {
  url: string;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ScrapeJob {
  job: string;
  target: string;
  interval?: string;
  metricsPath?: string;
  /** Target labels (e.g. `cluster`), as a static_config sets them. */
  labels?: Record<string, string>;
  /** A bearer token sent with every scrape. */
  bearer?: string;
}

export async function startPrometheus(
  o: {
    openMetrics?: string;
    scrape?: ScrapeJob[];
    /** A rule file (YAML), evaluated every second. */
    rules?: string;
  } = {},
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'yq-prom-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const scrape = (o.scrape ?? [])
    .map(
      (s) =>
        `  - job_name: ${s.job}\n    scrape_interval: ${s.interval ?? '1s'}\n` +
        (s.metricsPath ? `    metrics_path: ${s.metricsPath}\n` : '') +
        (s.bearer ? `    authorization:\n      credentials: ${s.bearer}\n` : '') +
        `    static_configs:\n      - targets: ['${s.target}']\n` +
        (s.labels ? `        labels: ${JSON.stringify(s.labels)}\n` : ''),
    )
    .join('');
  if (o.rules !== undefined) writeFileSync(join(dir, 'rules.yml'), o.rules);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 15s\n  evaluation_interval: 1s\n` +
      (o.rules !== undefined ? `rule_files: ['${join(dir, 'rules.yml')}']\n` : '') +
      `scrape_configs:\n${scrape || '  []\n'}`.replace('scrape_configs:\n  []\n', 'scrape_configs: []\n'),
  );
  if (o.openMetrics !== undefined) {
    writeFileSync(join(dir, 'backfill.om'), o.openMetrics);
    // One block for the whole history: promtool's default (2 h blocks) rereads the input per block,
    // which takes minutes for a month of a province.
    execFileSync(
      'promtool',
      [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--max-block-duration=768h',
        join(dir, 'backfill.om'),
        data,
      ],
      { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 },
    );
    rmSync(join(dir, 'backfill.om'));
  }
  const url = `http://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  const start = async () => {
    let err = '';
    proc = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=90d',
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
    try {
      await waitFor(
        async () => (await fetch(`${url}/-/ready`)).ok,
        30_000,
        'prometheus /-/ready',
        () => proc!.exitCode !== null,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${err}`);
    }
  };
  const stop = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    dir,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * OpenMetrics text (timestamps in seconds). Metric names are written as given: exporters such as
 * ingress-nginx expose counters without a `_total` suffix, which OpenMetrics calls `unknown`.
 */
export function openMetrics(
  families: {
    name: string;
    type: 'gauge' | 'unknown';
    series: { labels: Record<string, string>; samples: [number, number][] }[];
  }[],
): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# TYPE ${f.name} ${f.type}`);
    const metric = f.name;
    for (const s of f.series) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const [t, v] of s.samples) lines.push(`${metric}{${labels}} ${v} ${t}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
