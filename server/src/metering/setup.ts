// What the metering API needs from the configuration, set once at start-up (as the crypto profile
// is): the Prometheus servers the capacity pages read (each cluster's own and the shared one), the
// platform namespaces, and the signing key when crypto.signingKeyFile is set. Closing reads
// Prometheus from the API's side: a month's three range queries are asked once, by a person.
import type { Config } from '../config/config.ts';
import { PrometheusClient, fetchTransport } from '../sources/prometheus/client.ts';
import type { SigningKey } from '../crypto/signature.ts';
import { instanceSigningKey } from '../crypto/signing-key.ts';
import type { MeteringSource } from './prometheus.ts';

export interface MeteringSetup {
  sources: MeteringSource[];
  platformNamespaces: ReadonlySet<string>;
  signingKey: () => Promise<SigningKey | null>;
}

let setup: MeteringSetup = {
  sources: [],
  platformNamespaces: new Set(),
  signingKey: () => Promise.resolve(null),
};

/** Range queries over a month take longer than a page's instant queries. */
const MONTH_QUERY_TIMEOUT_MS = 120_000;

export function configureMetering(config: Config): void {
  const client = (url: string) =>
    new PrometheusClient(
      fetchTransport(url),
      Math.max(config.prometheus.timeoutSeconds * 1000, MONTH_QUERY_TIMEOUT_MS),
    );
  setup = {
    sources: [
      ...config.clusters.flatMap((c) =>
        c.prometheus ? [{ id: c.id, client: client(c.prometheus), cluster: c.id }] : [],
      ),
      ...(config.prometheus.url ? [{ id: 'shared', client: client(config.prometheus.url) }] : []),
    ],
    platformNamespaces: new Set(config.capacity.platformNamespaces),
    // The instance's one key, read once for the process (set up with the crypto profile).
    signingKey: instanceSigningKey,
  };
}

export const meteringSetup = (): MeteringSetup => setup;
