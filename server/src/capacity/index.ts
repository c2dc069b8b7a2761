export { Tally } from './figures.ts';
export { landsOn, runOut, type Demand } from './run-out.ts';
export { showback, monthlyCost, HOURS_PER_MONTH } from './showback.ts';
export {
  buildCapacityReport,
  plannedDemand,
  stagesOf,
  type CapacityInput,
  type TenantKey,
} from './report.ts';
export { sumTrends } from './trends.ts';

/** Namespaces every cluster runs for the platform itself (Kubernetes, monitoring, ingress). */
export const DEFAULT_PLATFORM_NAMESPACES = [
  'kube-system',
  'monitoring',
  'ingress-nginx',
  'kube-public',
  'kube-node-lease',
];
