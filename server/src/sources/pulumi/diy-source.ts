import { declaredTenants } from './declared.ts';
import { listStacks, readHistory, readStack } from './diy.ts';
import type { StackSource, StackSummary } from '../types.ts';
import type { DeclaredTenant } from '../../model/index.ts';

/** Reads every stack of a DIY backend directory on each call (files are small; the service polls). */
export class DiyStackSource implements StackSource {
  readonly id: string;

  constructor(
    private readonly root: string,
    private readonly labelPrefix: string,
  ) {
    this.id = `file://${root}`;
  }

  async read(): Promise<{ declared: DeclaredTenant[]; stacks: StackSummary[] }> {
    const declared: DeclaredTenant[] = [];
    const stacks: StackSummary[] = [];
    for (const ref of await listStacks(this.root)) {
      const state = await readStack(this.root, ref);
      declared.push(...declaredTenants(state, this.id, this.labelPrefix));
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
    return { declared, stacks };
  }
}
