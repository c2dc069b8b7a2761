// Where each cached kind lives in the Kubernetes API: the list call and the watch path.
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { Kind } from './cluster-cache.ts';

export interface ListPage {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
}

export type Lister = (page: { limit: number; _continue?: string | undefined }) => Promise<ListPage>;

export interface KindApi {
  kind: Kind;
  watchPath: string;
  list: Lister;
  /**
   * Served only where an add-on installed its CRDs (Velero): a 404 means "not installed" — the
   * kind is synced and empty, and looked for again later — and its failures leave the cluster's
   * own state alone (the backup gate reports them).
   */
  optional?: boolean;
}

/** Velero's kinds (velero.io/v1), listed in every namespace; velero.ts keeps only Velero's own. */
function veleroApis(custom: CustomObjectsApi): KindApi[] {
  const kinds = [
    ['Schedule', 'schedules'],
    ['Backup', 'backups'],
    ['Restore', 'restores'],
  ] as const;
  return kinds.map(([kind, plural]) => ({
    kind,
    watchPath: `/apis/velero.io/v1/${plural}`,
    optional: true,
    list: (p) =>
      custom.listCustomObjectForAllNamespaces({
        group: 'velero.io',
        version: 'v1',
        resourcePlural: plural,
        ...p,
      }) as Promise<ListPage>,
  }));
}

export function kindApis(kc: KubeConfig): KindApi[] {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const net = kc.makeApiClient(NetworkingV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  return [
    { kind: 'Namespace', watchPath: '/api/v1/namespaces', list: (p) => core.listNamespace(p) },
    { kind: 'Node', watchPath: '/api/v1/nodes', list: (p) => core.listNode(p) },
    {
      kind: 'ResourceQuota',
      watchPath: '/api/v1/resourcequotas',
      list: (p) => core.listResourceQuotaForAllNamespaces(p),
    },
    {
      kind: 'LimitRange',
      watchPath: '/api/v1/limitranges',
      list: (p) => core.listLimitRangeForAllNamespaces(p),
    },
    { kind: 'Pod', watchPath: '/api/v1/pods', list: (p) => core.listPodForAllNamespaces(p) },
    {
      kind: 'Deployment',
      watchPath: '/apis/apps/v1/deployments',
      list: (p) => apps.listDeploymentForAllNamespaces(p),
    },
    {
      kind: 'StatefulSet',
      watchPath: '/apis/apps/v1/statefulsets',
      list: (p) => apps.listStatefulSetForAllNamespaces(p),
    },
    {
      kind: 'DaemonSet',
      watchPath: '/apis/apps/v1/daemonsets',
      list: (p) => apps.listDaemonSetForAllNamespaces(p),
    },
    {
      kind: 'NetworkPolicy',
      watchPath: '/apis/networking.k8s.io/v1/networkpolicies',
      list: (p) => net.listNetworkPolicyForAllNamespaces(p),
    },
    {
      kind: 'RoleBinding',
      watchPath: '/apis/rbac.authorization.k8s.io/v1/rolebindings',
      list: (p) => rbac.listRoleBindingForAllNamespaces(p),
    },
    ...veleroApis(custom),
  ];
}
