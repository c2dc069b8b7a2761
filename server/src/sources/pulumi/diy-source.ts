import { declaredTenants } from './declared.ts';
import { stat } from 'node:fs/promises';
import {
  listStacks,
  readHistory,
  readStack,
  updateInProgress,
  type StackRef,
  type StackState,
} from './diy.ts';
import type { StackSource, StackSummary } from '../types.ts';
import type { DeclaredTenant } from '../../model/index.ts';

interface Parsed {
  version: string;
  state: StackState;
  declared: DeclaredTenant[];
}

/**
 * Reads every stack of a DIY backend directory on each call. A checkpoint is parsed again only when
 * its file changed (a province's stacks run to tens of megabytes; the service polls them); locks
 * and history are read every time.
 */
export class DiyStackSource implements StackSource {
  readonly id: string;
  private readonly parsed = new Map<string, Parsed>();

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
      // One stack that cannot be read (a refused feature, a damaged file) never hides the others:
      // it is listed with its reason, and its last good reading, if any, still counts.
      let hit = this.parsed.get(ref.file);
      let error: string | undefined;
      try {
        hit = await this.readOne(ref, hit);
      } catch (e) {
        error = (e as Error).message;
      }
      if (!hit) {
        stacks.push({
          backend: this.id,
          project: ref.project,
          stack: ref.stack,
          resourceCount: 0,
          updatedAt: '',
          inProgress: false,
          lastResult: null,
          history: [],
          error,
        });
        continue;
      }
      const { state } = hit;
      declared.push(...hit.declared);
      const history = await readHistory(this.root, ref);
      stacks.push({
        backend: this.id,
        project: state.project,
        stack: state.stack,
        resourceCount: state.deployment.resources?.length ?? 0,
        updatedAt: state.modifiedAt,
        inProgress: state.inProgress,
        lastResult: state.inProgress ? 'in-progress' : (history[0]?.result ?? null),
        history,
        ...(error ? { error } : {}),
      });
    }
    for (const file of this.parsed.keys()) if (!refs.some((r) => r.file === file)) this.parsed.delete(file);
    return { declared, stacks };
  }

  /** The stack's reading: parsed again only when its file changed; locks are read every time. */
  private async readOne(ref: StackRef, hit: Parsed | undefined): Promise<Parsed> {
    const { mtimeMs, size } = await stat(ref.file);
    const version = `${mtimeMs}:${size}`;
    if (hit?.version === version) {
      hit.state = { ...hit.state, inProgress: await updateInProgress(this.root, ref, hit.state.deployment) };
      return hit;
    }
    const state = await readStack(this.root, ref);
    const next = { version, state, declared: declaredTenants(state, this.id, this.labelPrefix) };
    this.parsed.set(ref.file, next);
    return next;
  }
}
