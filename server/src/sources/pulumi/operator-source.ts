// Stacks run by the Pulumi Kubernetes Operator: `Stack` resources (pulumi.com/v1) in a cluster.
// They carry outputs and the last update's state but no resource list, so tenants come from the
// tenant program's `tenants` output; policies and bindings are then unknown (null), not absent.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { DeclaredTenant, Network } from '../../model/index.ts';
import type { StackSource, StackSummary } from '../types.ts';
import { amounts } from '../kubernetes/trim.ts';

export interface OperatorStack {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string };
  spec?: { stack?: string; projectRepo?: string; preview?: boolean };
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
    projectInfo?: { name?: string };
  };
}

/**
 * `spec.stack` is `stack`, `org/stack` or `org/project/stack` (the operator passes it to
 * `pulumi stack select`); the project, when the name does not carry it, is what the operator
 * recorded from Pulumi.yaml.
 */
export function stackName(s: OperatorStack): { project: string; stack: string } {
  const parts = (s.spec?.stack ?? '').split('/').filter(Boolean);
  const stack = parts.at(-1) ?? s.metadata?.name ?? '';
  const project = parts.length === 3 ? parts[1]! : (s.status?.projectInfo?.name ?? '');
  return { project, stack };
}

/**
 * The operator's ready protocol (api/pulumi/v1/stack_types.go): Reconciling=True while an update
 * runs, or with reason RetryingAfterFailure after one failed and is queued again; Stalled=True
 * when it failed and will not be retried; Ready=True when up to date.
 */
export function operatorResult(s: OperatorStack): {
  inProgress: boolean;
  result: string | null;
  message: string;
} {
  const cond = (type: string) => s.status?.conditions?.find((c) => c.type === type && c.status === 'True');
  const reconciling = cond('Reconciling');
  const stalled = cond('Stalled');
  if (stalled)
    return { inProgress: false, result: 'failed', message: stalled.message ?? stalled.reason ?? '' };
  if (reconciling?.reason === 'RetryingAfterFailure')
    return {
      inProgress: false,
      result: 'failed',
      message: reconciling.message ?? 'retrying after a failure',
    };
  if (reconciling || s.status?.currentUpdate?.name)
    return { inProgress: true, result: 'in-progress', message: reconciling?.message ?? '' };
  return { inProgress: false, result: s.status?.lastUpdate?.state ?? null, message: '' };
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
      const { project, stack } = stackName(s);
      const last = s.status?.lastUpdate;
      const cond = (type: string) => s.status?.conditions?.find((c) => c.type === type);
      const updatedAt =
        last?.lastResyncTime ?? cond('Ready')?.lastTransitionTime ?? s.metadata?.creationTimestamp ?? '';
      const state = operatorResult(s);
      const inProgress = state.inProgress;
      const output = s.status?.outputs?.tenants;
      // A preview applies nothing: its outputs declare no tenant. A secret output reaches the
      // status scrubbed: the tenants are then unknown, which is said, never read as none.
      const preview = s.spec?.preview === true;
      const unreadable =
        output !== undefined && !Array.isArray(output)
          ? `the stack's tenants output cannot be read (${typeof output === 'string' ? output : typeof output}): is it a secret?`
          : undefined;
      const tenants = !preview && Array.isArray(output) ? (output as TenantOutput[]) : [];
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
        lastResult: preview ? 'preview' : state.result,
        ...(preview ? { previewOnly: true } : {}),
        ...(unreadable ? { error: unreadable } : {}),
        history: last
          ? [
              {
                kind: 'update',
                result: state.result ?? last.state ?? 'unknown',
                startTime: updatedAt,
                endTime: updatedAt,
                message:
                  state.message ||
                  (last.lastSuccessfulCommit ? `commit ${last.lastSuccessfulCommit}` : (last.message ?? '')),
                resourceChanges: {},
              },
            ]
          : [],
      });
    }
    return { declared, stacks };
  }
}
