// Stacks run by the Pulumi Kubernetes Operator: `Stack` resources (pulumi.com/v1) in a cluster.
// They carry outputs and the last update's state but no resource list, so tenants come from the
// tenant program's `tenants` output; policies and bindings are then unknown (null), not absent.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { DeclaredTenant, Network } from '../../model/index.ts';
import type { StackSource, StackSummary } from '../types.ts';
import { amounts } from '../kubernetes/trim.ts';

interface OperatorStack {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string };
  spec?: { stack?: string; projectRepo?: string };
  status?: {
    outputs?: { tenants?: unknown; [k: string]: unknown };
    lastUpdate?: {
      state?: string;
      lastSuccessfulCommit?: string;
      lastAttemptedCommit?: string;
      lastResyncTime?: string;
      permalink?: string;
      message?: string;
    };
    conditions?: {
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }[];
    currentUpdate?: { name?: string };
  };
}

interface TenantOutput {
  system?: string;
  department?: string;
  namespace?: string;
  network?: string;
  quota?: Record<string, string>;
}

export class OperatorStackSource implements StackSource {
  readonly id: string;
  private readonly api: CustomObjectsApi;

  constructor(
    readonly cluster: string,
    kc: KubeConfig,
  ) {
    this.id = `operator://${cluster}`;
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  async read(): Promise<{ declared: DeclaredTenant[]; stacks: StackSummary[] }> {
    const list = (await this.api.listClusterCustomObject({
      group: 'pulumi.com',
      version: 'v1',
      plural: 'stacks',
    })) as {
      items?: OperatorStack[];
    };
    const declared: DeclaredTenant[] = [];
    const stacks: StackSummary[] = [];
    for (const s of list.items ?? []) {
      const [, project = '', stack = s.metadata?.name ?? ''] = (s.spec?.stack ?? '').split('/');
      const last = s.status?.lastUpdate;
      const cond = (type: string) => s.status?.conditions?.find((c) => c.type === type);
      const updatedAt =
        last?.lastResyncTime ?? cond('Ready')?.lastTransitionTime ?? s.metadata?.creationTimestamp ?? '';
      const inProgress = cond('Reconciling')?.status === 'True' || !!s.status?.currentUpdate?.name;
      const tenants = Array.isArray(s.status?.outputs?.tenants)
        ? (s.status!.outputs!.tenants as TenantOutput[])
        : [];
      for (const t of tenants) {
        if (!t.namespace) continue;
        declared.push({
          backend: this.id,
          stack: `${project}/${stack}`,
          network: t.network === 'internal' || t.network === 'external' ? (t.network as Network) : null,
          namespace: t.namespace,
          department: t.department ?? null,
          system: t.system ?? null,
          quota: t.quota ? amounts(t.quota) : null,
          networkPolicies: null,
          roleBindings: null,
          updatedAt,
        });
      }
      stacks.push({
        backend: this.id,
        project,
        stack,
        resourceCount: tenants.length,
        updatedAt,
        inProgress,
        lastResult: inProgress ? 'in-progress' : (last?.state ?? null),
        history: last
          ? [
              {
                kind: 'update',
                result: last.state ?? 'unknown',
                startTime: updatedAt,
                endTime: updatedAt,
                message: last.lastSuccessfulCommit
                  ? `commit ${last.lastSuccessfulCommit}`
                  : (last.message ?? ''),
                resourceChanges: {},
              },
            ]
          : [],
      });
    }
    return { declared, stacks };
  }
}
