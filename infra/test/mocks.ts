// Runs a Pulumi program in-process with `pulumi.runtime.setMocks` (no CLI, no cluster) and
// records every resource it registers, so tests can assert on exactly what would be applied.
import * as pulumi from '@pulumi/pulumi';

export interface Registered {
  type: string;
  name: string;
  custom: boolean;
  provider: string | undefined;
  parent: string | undefined;
  inputs: Record<string, unknown> & {
    metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  };
}

export async function mockPulumi(project: string, stack: string, config: Record<string, string> = {}) {
  const registered: Registered[] = [];
  pulumi.runtime.setAllConfig(config);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          provider: args.provider,
          parent: undefined,
          inputs: args.inputs,
        });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    project,
    stack,
    false,
  );
  return registered;
}

/** Waits until registrations stop arriving (mocked registration is asynchronous). */
export async function settled(registered: unknown[]): Promise<void> {
  let last = -1;
  let still = 0;
  while (still < 5) {
    await new Promise((r) => setTimeout(r, 5));
    still = registered.length === last ? still + 1 : 0;
    last = registered.length;
  }
}

/** The value inside an Output. */
export const valueOf = <T>(o: pulumi.Input<T>): Promise<T> =>
  new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
