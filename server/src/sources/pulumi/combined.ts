import type { DeclaredTenant } from '../../model/index.ts';
import type { StackSource, StackSummary } from '../types.ts';
import { readAll } from '../read-all.ts';

/** Several stack backends (DIY directories, Pulumi services, operator clusters) read as one. */
export class CombinedStackSource implements StackSource {
  readonly id: string;

  constructor(private readonly sources: StackSource[]) {
    this.id = sources.length === 1 ? sources[0]!.id : 'stacks';
  }

  async read(): Promise<{ declared: DeclaredTenant[]; stacks: StackSummary[] }> {
    const all = await readAll(this.sources, (s) => s.read());
    return { declared: all.flatMap((r) => r.declared), stacks: all.flatMap((r) => r.stacks) };
  }
}
