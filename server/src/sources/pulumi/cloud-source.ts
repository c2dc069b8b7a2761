// Stacks from the Pulumi Cloud REST API (or a self-hosted Pulumi service): list stacks page by
// page, export each deployment, read its recent updates. Token auth; secrets stay encrypted.
import type { DeclaredTenant } from '../../model/index.ts';
import type { StackSource, StackSummary, StackUpdate } from '../types.ts';
import { CheckpointError, parseDeployment, type Deployment } from './checkpoint.ts';
import { declaredTenants } from './declared.ts';

export interface CloudOptions {
  url: string;
  token: string;
  organization: string;
  /** Only this project's stacks (e.g. yunqian-tenants); all when unset. */
  project?: string | undefined;
  labelPrefix: string;
  timeoutMs?: number;
}

interface CloudStack {
  orgName: string;
  projectName: string;
  stackName: string;
  lastUpdate?: number;
  resourceCount?: number;
}

const iso = (t: unknown) =>
  typeof t === 'number' ? new Date(t * 1000).toISOString() : typeof t === 'string' ? t : null;

export class PulumiCloudStackSource implements StackSource {
  readonly id: string;

  constructor(private readonly o: CloudOptions) {
    this.id = `${o.url.replace(/\/$/, '')}/${o.organization}`;
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(new URL(path, this.o.url.endsWith('/') ? this.o.url : `${this.o.url}/`), {
      headers: {
        authorization: `token ${this.o.token}`,
        accept: 'application/vnd.pulumi+8',
        'content-type': 'application/json',
      },
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
    });
    if (!res.ok) {
      const body = await res.text();
      throw new Error(`Pulumi service ${path}: HTTP ${res.status} ${body.slice(0, 200)}`);
    }
    return (await res.json()) as T;
  }

  private async stacks(): Promise<CloudStack[]> {
    const out: CloudStack[] = [];
    let token: string | null = null;
    do {
      const q = new URLSearchParams({ organization: this.o.organization });
      if (this.o.project) q.set('project', this.o.project);
      if (token) q.set('continuationToken', token);
      const page: { stacks?: CloudStack[]; continuationToken?: string | null } = await this.get(
        `api/user/stacks?${q}`,
      );
      out.push(...(page.stacks ?? []));
      token = page.continuationToken ?? null;
    } while (token);
    return out;
  }

  async read(): Promise<{ declared: DeclaredTenant[]; stacks: StackSummary[] }> {
    const declared: DeclaredTenant[] = [];
    const stacks: StackSummary[] = [];
    for (const s of await this.stacks()) {
      const base = `api/stacks/${encodeURIComponent(s.orgName)}/${encodeURIComponent(s.projectName)}/${encodeURIComponent(s.stackName)}`;
      const [exported, updates] = await Promise.all([
        this.get<unknown>(`${base}/export`),
        this.get<{ updates?: Record<string, unknown>[] }>(`${base}/updates?pageSize=20`),
      ]);
      // A refused stack (an unreadable feature) is listed with its reason; the others still count.
      let deployment: Deployment;
      try {
        ({ deployment } = parseDeployment(exported, `${this.id}/${s.projectName}/${s.stackName}`));
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        stacks.push({
          backend: this.id,
          project: s.projectName,
          stack: s.stackName,
          resourceCount: s.resourceCount ?? 0,
          updatedAt: iso(s.lastUpdate) ?? '',
          inProgress: false,
          lastResult: null,
          history: [],
          error: e.message,
        });
        continue;
      }
      const history: StackUpdate[] = (updates.updates ?? []).map((u) => {
        const i = (u.info ?? u) as Record<string, unknown>;
        return {
          kind: String(i.kind ?? 'update'),
          result: String(i.result ?? 'unknown'),
          startTime: iso(i.startTime) ?? '',
          endTime: iso(i.endTime),
          message: String(i.message ?? ''),
          resourceChanges: (i.resourceChanges as Record<string, number> | undefined) ?? {},
        };
      });
      const updatedAt = iso(s.lastUpdate) ?? deployment.manifest?.time ?? new Date(0).toISOString();
      declared.push(
        ...declaredTenants(
          {
            project: s.projectName,
            stack: s.stackName,
            file: '',
            deployment,
            modifiedAt: updatedAt,
            inProgress: false,
          },
          this.id,
          this.o.labelPrefix,
        ),
      );
      const inProgress = history[0]?.result === 'in-progress';
      stacks.push({
        backend: this.id,
        project: s.projectName,
        stack: s.stackName,
        resourceCount: s.resourceCount ?? deployment.resources?.length ?? 0,
        updatedAt,
        inProgress,
        lastResult: history[0]?.result ?? null,
        history,
      });
    }
    return { declared, stacks };
  }
}
