// Where each cached kind lives in the Kubernetes API: the list call and the watch path.
import {
  AppsV1Api,
  CoreV1Api,
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
}

export function kindApis(kc: KubeConfig): KindApi[] {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const net = kc.makeApiClient(NetworkingV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
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
  ];
}
