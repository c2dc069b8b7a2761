// The engine's sources, as configured: the live clusters, stack backends and Prometheus servers,
// or the sandbox province that stands in for all of them.
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config/config.ts';
import type { ClusterSource, SignoffSource, StackSource, TrafficSource } from '../sources/types.ts';
import { KubeClusterSource, kubeConfigFor } from '../sources/kubernetes/cluster-source.ts';
import { DiyStackSource } from '../sources/pulumi/diy-source.ts';
import { PulumiCloudStackSource } from '../sources/pulumi/cloud-source.ts';
import { OperatorStackSource } from '../sources/pulumi/operator-source.ts';
import { CombinedStackSource } from '../sources/pulumi/combined.ts';
import { DEFAULT_REFLECTOR } from '../sources/kubernetes/reflector.ts';
import { MemorySignoffs } from '../sources/signoffs/memory.ts';
import { PrometheusClient, fetchTransport } from '../sources/prometheus/client.ts';
import { CombinedTrafficSource, PromTrafficSource } from '../sources/prometheus/traffic-source.ts';
import type { PlanSource } from '../sources/plan/plan-source.ts';
import { PromEndpointSource, type EndpointSource } from '../sources/prometheus/endpoint-source.ts';
import { DnsNameResolver } from '../sources/dns/name-resolver.ts';
import { ENDPOINTS_SOURCE } from '../tracker/context.ts';
import { createSandbox } from '../sources/sandbox/index.ts';

/** One Prometheus server: a cluster's own, or the shared one whose series carry a `cluster` label. */
interface PromServer {
  id: string;
  client: PrometheusClient;
  cluster?: string | undefined;
}

export interface Sources {
  clusters: ClusterSource;
  stacks: StackSource | null;
  traffic: TrafficSource | null;
  /** Probes, DNS and legacy traffic for the last two stages' evidence; null without Prometheus. */
  endpoints: EndpointSource | null;
  prometheus: PromServer[];
  signoffs: SignoffSource;
  /** Called before each poll (the sandbox moves its province to the clock's time). */
  advance?: () => Promise<void>;
  close(): Promise<void>;
}

export async function sandboxSources(
  config: Config,
  plan: PlanSource,
  clock: () => Date,
  log: Logger,
): Promise<Sources> {
  const real = config.prometheus.url ? promClient(config, config.prometheus.url) : null;
  const sandbox = await createSandbox({
    plan: () => plan.current(),
    clock,
    labelPrefix: config.tenancy.labelPrefix,
    stateDir: config.sandbox.stateDir,
    // With a Prometheus configured, the sandbox province's metrics come from it (the tests' backfill).
    prometheus: real?.transport,
    // The churn benchmark's extra pods and pod events (off unless configured).
    podChurn: config.sandbox.podChurn,
    log,
  });
  const client = real?.client ?? new PrometheusClient(sandbox.prometheus);
  const promOf = () => ({ id: 'sandbox', client });
  const advance = () => sandbox.advance().catch((err: Error) => log.error({ err }, 'sandbox advance failed'));
  const ticker = config.sandbox.speed > 0 ? setInterval(() => void advance(), 2000) : null;
  return {
    ...sandbox,
    // The probes and legacy counters come from the sandbox's own Prometheus (its province's
    // names), or from a real one when configured (the tests' backfill).
    endpoints: endpointSource(config, [promOf()], plan, clock),
    prometheus: [promOf()],
    advance,
    async close() {
      if (ticker) clearInterval(ticker);
      await sandbox.close();
    },
  };
}

function promClient(config: Config, url: string) {
  const transport = fetchTransport(url);
  return { transport, client: new PrometheusClient(transport, config.prometheus.timeoutSeconds * 1000) };
}

/** Each cluster's own Prometheus, plus the shared one if configured. */
function promServers(config: Config): PromServer[] {
  return [
    ...config.clusters.flatMap((c) =>
      c.prometheus ? [{ id: c.id, client: promClient(config, c.prometheus).client, cluster: c.id }] : [],
    ),
    ...(config.prometheus.url
      ? [{ id: 'shared', client: promClient(config, config.prometheus.url).client }]
      : []),
  ];
}

/** Whether capacity figures exist: the sandbox's Prometheus, a cluster's own, or a shared one. */
export function capacityConfigured(config: Config, sandbox: boolean): boolean {
  return sandbox || !!config.prometheus.url || config.clusters.some((c) => !!c.prometheus);
}

/** The configured stack backends, read as one source; null when none is configured. */
function stackSources(config: Config): StackSource | null {
  const prefix = config.tenancy.labelPrefix;
  const sources = config.stacks.map((s): StackSource => {
    if (s.kind === 'diy') return new DiyStackSource(s.path, prefix);
    if (s.kind === 'cloud') {
      const token = process.env[s.tokenEnv];
      if (!token)
        throw new ConfigError(
          `invalid configuration:\n  stacks: ${s.tokenEnv} is not set (the Pulumi access token)`,
        );
      return new PulumiCloudStackSource({ ...s, token, labelPrefix: prefix });
    }
    const cluster = config.clusters.find((c) => c.id === s.cluster);
    if (!cluster)
      throw new ConfigError(
        `invalid configuration:\n  stacks: operator cluster "${s.cluster}" is not in clusters[]`,
      );
    return new OperatorStackSource(s.cluster, kubeConfigFor(cluster));
  });
  return sources.length ? new CombinedStackSource(sources) : null;
}

/** The cut-over and retirement evidence from these Prometheus servers (and DNS, when servers are set). */
function endpointSource(
  config: Config,
  servers: PromServer[],
  plan: PlanSource,
  clock: () => Date,
): EndpointSource | null {
  if (!servers.length) return null;
  const e = config.evidence;
  const dns = e.dnsServers.length
    ? {
        resolver: new DnsNameResolver(e.dnsServers),
        names: () => [...new Set(plan.current()?.systems.flatMap((s) => s.publicNames ?? []) ?? [])],
      }
    : null;
  return new PromEndpointSource(ENDPOINTS_SOURCE, servers, e, clock, dns);
}

export function liveSources(config: Config, plan: PlanSource, clock: () => Date): Sources {
  const clusters = new KubeClusterSource(config.clusters, {
    pageSize: config.kubernetes.pageSize,
    watchTimeoutSeconds: config.kubernetes.watchTimeoutSeconds,
    idleMs: config.kubernetes.idleSeconds * 1000,
    backoff: DEFAULT_REFLECTOR.backoff,
  });
  // Without a stack backend the tracker says so in its evidence (the live tenant alone counts).
  const prometheus = promServers(config);
  const traffic = prometheus.map(
    (p) =>
      new PromTrafficSource(
        `prometheus/${p.id}`,
        p.client,
        config.prometheus.trafficQuery,
        p.cluster,
        config.prometheus.systemTrafficQueries,
      ),
  );
  return {
    clusters,
    stacks: stackSources(config),
    traffic: traffic.length ? new CombinedTrafficSource(traffic) : null,
    endpoints: endpointSource(config, prometheus, plan, clock),
    prometheus,
    signoffs: new MemorySignoffs(),
    close: () => clusters.stop(),
  };
}
