// Writes a program run (its mocked registrations) as a DIY-backend checkpoint in Pulumi's schema
// (version 3: `{version, checkpoint: {stack, latest: {manifest, secrets_providers, resources}}}`),
// so the server's readers are tested on our own program's state, not on hand-typed files.
import type { Registered } from './mocks.ts';

export function checkpointOf(
  registered: readonly Registered[],
  o: { project: string; stack: string; time: string; outputs?: Record<string, unknown> },
) {
  const urn = (type: string, name: string) => `urn:pulumi:${o.stack}::${o.project}::${type}::${name}`;
  const stackUrn = urn('pulumi:pulumi:Stack', `${o.project}-${o.stack}`);
  const providers = new Map(
    registered
      .filter((r) => r.type.startsWith('pulumi:providers:'))
      .map((r) => [r.name, urn(r.type, r.name)]),
  );
  const resources = registered.map((r) => {
    // The mocks see `urn::id` provider references; the checkpoint keeps the same form.
    const providerName = r.provider?.split('::').at(-2);
    return {
      urn: urn(r.type, r.name),
      custom: r.custom,
      id: `${r.name}-id`,
      type: r.type,
      inputs: r.inputs,
      outputs: r.inputs,
      parent: stackUrn,
      ...(providerName && providers.has(providerName)
        ? { provider: `${providers.get(providerName)}::${providerName}-id` }
        : {}),
      created: o.time,
      modified: o.time,
    };
  });
  return {
    version: 3,
    checkpoint: {
      stack: `organization/${o.project}/${o.stack}`,
      latest: {
        manifest: { time: o.time, magic: '', version: 'v3.248.0' },
        secrets_providers: { type: 'passphrase', state: { salt: 'v1:yunqian-test' } },
        resources: [
          { urn: stackUrn, custom: false, type: 'pulumi:pulumi:Stack', outputs: o.outputs ?? {} },
          ...resources,
        ],
      },
    },
  };
}
