// What a system's tenant is, as plain Kubernetes objects: the one definition that the `infra/`
// Pulumi program provisions, the sandbox shows, and drift detection compares live clusters to.
// One namespace per system (a department's systems are separate blast radii and quota holders;
// the department label ties them together for RBAC and network policy).
import type { PlannedSystem } from '../plan.ts';

export interface TenantSettings {
  /** Prefix of the tenant labels (`<prefix>/department`, `/system`, `/network`). */
  labelPrefix: string;
  /** Quota = plan estimate × this factor (plus approved requests). */
  quotaHeadroom: number;
  /** Namespace of the ingress controller (external network ingress comes only from there). */
  ingressNamespace: string;
  /** The department's group is `<prefix><department id>` (from the identity provider). */
  departmentGroupPrefix: string;
}

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  labelPrefix: 'yunqian.gov.cn',
  quotaHeadroom: 1.2,
  ingressNamespace: 'ingress-nginx',
  departmentGroupPrefix: 'yunqian:department:',
};

/** An approved resource request adds to a system's quota. */
export interface ApprovedIncrease {
  system: string;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  /** The request that granted it (for the reader of the exported file). */
  request?: number | undefined;
  /** Test resources (测试) end by themselves at this ISO time unless the test is passed first. */
  expiresAt?: string | undefined;
}

/**
 * An idle tenant's quota taken back (闲置资源回收): accepted by its department, uncontested past the
 * deadline, or upheld by the data bureau. Subtracted like an increase is added, so an increase
 * approved later still adds to the lower quota.
 */
export interface QuotaReduction {
  system: string;
  cpu: number;
  memoryGiB: number;
  /** The reclamation proposal (for the reader of the exported file). */
  proposal?: number | undefined;
}

/** The increases still in force at `now`: test resources past their end are dropped. */
export const increasesInForce = (approved: readonly ApprovedIncrease[], now: Date) =>
  approved.filter((a) => !a.expiresAt || Date.parse(a.expiresAt) > now.getTime());

type Meta = {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
export interface Manifest<Spec = Record<string, unknown>> {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: Spec;
  subjects?: { kind: string; name: string; apiGroup: string }[];
  roleRef?: { kind: string; name: string; apiGroup: string };
}

export interface TenantSpec {
  namespace: Manifest;
  quota: Manifest<{ hard: Record<string, string> }>;
  limitRange: Manifest;
  networkPolicies: Manifest[];
  roleBinding: Manifest;
}

export const tenantNamespace = (s: PlannedSystem) => s.id;
export const QUOTA_NAME = 'tenant-quota';
export const ROLE_BINDING_NAME = 'department-edit';

export function tenantLabelKeys(prefix: string) {
  return {
    department: `${prefix}/department`,
    system: `${prefix}/system`,
    network: `${prefix}/network`,
    departmentName: `${prefix}/department-name`,
    systemName: `${prefix}/system-name`,
  };
}

/**
 * The quota's hard limits: estimate × headroom plus approved increases less reductions, CPU and
 * memory rounded up (never below one core and 1 GiB: a reduction never empties a tenant).
 */
export function quotaHardFor(
  s: PlannedSystem,
  headroom: number,
  approved: readonly ApprovedIncrease[] = [],
  reductions: readonly QuotaReduction[] = [],
) {
  const extra = approved.filter((a) => a.system === s.id);
  const less = reductions.filter((r) => r.system === s.id);
  const sum = (k: 'cpu' | 'memoryGiB' | 'storageGiB') => extra.reduce((n, a) => n + a[k], 0);
  const taken = (k: 'cpu' | 'memoryGiB') => less.reduce((n, r) => n + r[k], 0);
  const whole = (x: number, minus: number) =>
    minus ? Math.max(1, Math.ceil(Math.ceil(x) - minus)) : Math.ceil(x);
  return {
    'requests.cpu': String(whole(s.resources.cpu * headroom + sum('cpu'), taken('cpu'))),
    'requests.memory': `${whole(s.resources.memoryGiB * headroom + sum('memoryGiB'), taken('memoryGiB'))}Gi`,
    'requests.storage': `${Math.ceil(s.resources.storageGiB + sum('storageGiB'))}Gi`,
  };
}

const DNS_PORTS = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

/**
 * Default-deny ingress everywhere. Internal network: default-deny egress too, then allow cluster
 * DNS and the same department's namespaces (both ways). External network: ingress only from the
 * ingress controller's namespace. Deny and allow are separate policies (policies add up), so a
 * reader sees the deny-all baseline as such.
 */
export function networkPoliciesFor(s: PlannedSystem, o: TenantSettings): Manifest[] {
  const ns = tenantNamespace(s);
  const keys = tenantLabelKeys(o.labelPrefix);
  const policy = (name: string, spec: Record<string, unknown>): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec: { podSelector: {}, ...spec },
  });
  const sameDepartment = { namespaceSelector: { matchLabels: { [keys.department]: s.department } } };
  const out = [policy('default-deny-ingress', { policyTypes: ['Ingress'] })];
  if (s.network === 'internal') {
    out.push(
      policy('default-deny-egress', { policyTypes: ['Egress'] }),
      policy('allow-dns-and-department-egress', {
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: DNS_PORTS,
          },
          { to: [sameDepartment] },
        ],
      }),
      policy('allow-department-ingress', { policyTypes: ['Ingress'], ingress: [{ from: [sameDepartment] }] }),
    );
  } else {
    out.push(
      policy('allow-ingress-controller', {
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': o.ingressNamespace } } },
            ],
          },
        ],
      }),
    );
  }
  return out;
}

export function tenantSpec(
  s: PlannedSystem,
  o: TenantSettings,
  names: { department: string; system: string },
  approved: readonly ApprovedIncrease[] = [],
  reductions: readonly QuotaReduction[] = [],
): TenantSpec {
  const ns = tenantNamespace(s);
  const keys = tenantLabelKeys(o.labelPrefix);
  return {
    namespace: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { [keys.department]: s.department, [keys.system]: s.id, [keys.network]: s.network },
        // Chinese names do not fit label values: they go in annotations.
        annotations: { [keys.departmentName]: names.department, [keys.systemName]: names.system },
      },
    },
    quota: {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: QUOTA_NAME, namespace: ns },
      spec: { hard: quotaHardFor(s, o.quotaHeadroom, approved, reductions) },
    },
    limitRange: {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults', namespace: ns },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '512Mi' },
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            max: {
              cpu: String(Math.max(1, Math.ceil(s.resources.cpu))),
              memory: `${Math.max(1, Math.ceil(s.resources.memoryGiB))}Gi`,
            },
          },
        ],
      },
    },
    networkPolicies: networkPoliciesFor(s, o),
    roleBinding: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: ROLE_BINDING_NAME, namespace: ns },
      subjects: [
        {
          kind: 'Group',
          name: `${o.departmentGroupPrefix}${s.department}`,
          apiGroup: 'rbac.authorization.k8s.io',
        },
      ],
      roleRef: { kind: 'ClusterRole', name: 'edit', apiGroup: 'rbac.authorization.k8s.io' },
    },
  };
}

/** Systems a network's stack provisions (retired and retained systems get no tenant). */
export function systemsForNetwork(systems: readonly PlannedSystem[], network: 'internal' | 'external') {
  return systems.filter((s) => s.network === network && s.strategy !== 'retire' && s.strategy !== 'retain');
}
