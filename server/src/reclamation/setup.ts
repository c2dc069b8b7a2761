// What the reclamation API needs from the configuration, set once at start-up (as metering's is):
// the rule's settings and the Prometheus servers the capacity pages read (each cluster's own and
// the shared one). A scan reads Prometheus from the API's side: a person asks for it.
import type { Config } from '../config/config.ts';
import { PrometheusClient, fetchTransport } from '../sources/prometheus/client.ts';
import type { ReclamationSource } from './evidence.ts';
import { DEFAULT_RECLAMATION_RULES, type ReclamationRules } from './rule.ts';

export interface ReclamationSetup {
  rules: ReclamationRules;
  sources: ReclamationSource[];
}

let setup: ReclamationSetup = { rules: DEFAULT_RECLAMATION_RULES, sources: [] };

/** A window's subqueries take longer than a page's instant queries. */
const WINDOW_QUERY_TIMEOUT_MS = 120_000;

export function configureReclamation(config: Config): void {
  const client = (url: string) =>
    new PrometheusClient(
      fetchTransport(url),
      Math.max(config.prometheus.timeoutSeconds * 1000, WINDOW_QUERY_TIMEOUT_MS),
    );
  setup = {
    rules: { ...config.reclamation },
    sources: [
      ...config.clusters.flatMap((c) =>
        c.prometheus ? [{ id: c.id, client: client(c.prometheus), cluster: c.id }] : [],
      ),
      ...(config.prometheus.url ? [{ id: 'shared', client: client(config.prometheus.url) }] : []),
    ],
  };
}

export const reclamationSetup = (): ReclamationSetup => setup;
/** Tests set the sources and rules directly. */
export const setReclamationSetup = (s: ReclamationSetup) => {
  setup = s;
};
