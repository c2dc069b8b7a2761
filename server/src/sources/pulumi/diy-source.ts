import { declaredTenants } from './declared.ts';
import { stat } from 'node:fs/promises';
import { listStacks, readHistory, readStack, updateInProgress, type StackState } from './diy.ts';
import type { StackSource, StackSummary } from '../types.ts';
import type { DeclaredTenant } from '../../model/index.ts';

/**
 * Reads every stack of a DIY backend directory on each call. A checkpoint is parsed again only when
 * its file changed (a province's stacks run to tens of megabytes; the service polls them); locks
 * and history are read every time.
 */
export class DiyStackSource implements StackSource {
  readonly id: string;
  private readonly parsed = new Map<
    string,
    { version: string; state: StackState; declared: DeclaredTenant[] }
  >();

  constructor(
    private readonly root: string,
    private readonly labelPrefix: string,
  ) {
    this.id = `file://${root}`;
  }

  async read(): Promise<{ declared: DeclaredTenant[]; stacks: StackSummary[] }> {
    const declared: DeclaredTenant[] = [];
    const stacks: StackSummary[] = [];
    const refs = await listStacks(this.root);
    for (const ref of refs) {
      const { mtimeMs, size } = await stat(ref.file);
      const version = `${mtimeMs}:${size}`;
      let hit = this.parsed.get(ref.file);
      if (hit?.version === version) {
        const s = hit.state;
        hit.state = {
          ...s,
          inProgress: await updateInProgress(this.root, s.project, ref.stack, s.deployment),
        };
      } else {
        const state = await readStack(this.root, ref);
        hit = { version, state, declared: declaredTenants(state, this.id, this.labelPrefix) };
        this.parsed.set(ref.file, hit);
      }
      const { state } = hit;
      declared.push(...hit.declared);
      const history = await readHistory(this.root, state.project, state.stack);
      stacks.push({
        backend: this.id,
        project: state.project,
        stack: state.stack,
        resourceCount: state.deployment.resources?.length ?? 0,
        updatedAt: state.modifiedAt,
        inProgress: state.inProgress,
        lastResult: state.inProgress ? 'in-progress' : (history[0]?.result ?? null),
        history,
      });
    }
    for (const file of this.parsed.keys()) if (!refs.some((r) => r.file === file)) this.parsed.delete(file);
    return { declared, stacks };
  }
}
