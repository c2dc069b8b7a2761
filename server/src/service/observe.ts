// Assembles the tracker's Observations from the sources' current (or last good) data.
import type {
  DeclaredTenant,
  EndpointReadings,
  Observations,
  SourceStatus,
  Traffic,
} from '../model/index.ts';
import type { ClusterSource, SignoffSource } from '../sources/types.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';

export interface Readings {
  declared: DeclaredTenant[] | null;
  traffic: Traffic[] | null;
  endpoints?: EndpointReadings | null;
  sources: SourceStatus[];
}

export function observe(
  clusters: ClusterSource,
  signoffs: SignoffSource,
  tenancy: TenancyConfig,
  readings: Readings,
): Observations {
  return {
    clusters: clusters.clusters(),
    sources: [...clusters.status(), ...readings.sources],
    tenants: clusters.caches().flatMap((c) => c.tenants(tenancy).tenants),
    backups: clusters
      .caches()
      .flatMap((c) => [...c.backups(c.tenants(tenancy).tenants.map((t) => t.namespace)).values()]),
    declared: readings.declared,
    traffic: readings.traffic,
    endpoints: readings.endpoints ?? null,
    signoffs: signoffs.signoffs(),
    blockers: signoffs.blockers(),
    exceptions: signoffs.exceptions?.() ?? [],
    readiness: signoffs.readiness?.(),
  };
}
