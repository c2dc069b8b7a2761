// Writes the sandbox's tenant stacks as a real Pulumi DIY backend on disk (project-scoped layout,
// checkpoint version 3), which the production DIY reader then reads.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, Plan } from '@yunqian/plan';
import { milestones } from './timeline.ts';
import { sandboxTenant } from './clusters.ts';
import type { Network } from '../../model/index.ts';

export const SANDBOX_PROJECT = 'yunqian-tenants';
const DAY = 86_400_000;

export function sandboxCheckpoint(plan: Plan, network: Network, now: number, labelPrefix: string): object {
  const stack = `organization/${SANDBOX_PROJECT}/${network}`;
  const urn = (type: string, name: string, parentType = '') =>
    `urn:pulumi:${network}::${SANDBOX_PROJECT}::${parentType}${type}::${name}`;
  const stackUrn = urn('pulumi:pulumi:Stack', `${SANDBOX_PROJECT}-${network}`);
  const providerUrn = urn('pulumi:providers:kubernetes', `${network}-cluster`);
  const resources: object[] = [
    { urn: stackUrn, custom: false, type: 'pulumi:pulumi:Stack', outputs: {} },
    {
      urn: providerUrn,
      custom: true,
      id: 'provider-id',
      type: 'pulumi:providers:kubernetes',
      inputs: {
        context: `${network}-admin`,
        kubeconfig: {
          '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
          ciphertext: 'v1:AAAA',
        },
      },
    },
  ];
  let tenants = 0;
  const orgName = new Map(plan.organisations.map((o) => [o.id, o.name.zh]));
  for (const s of plan.systems) {
    if (s.network !== network || s.strategy === 'retire' || s.strategy === 'retain') continue;
    const m = milestones(s);
    // Declared two days before the namespace goes live, as a reviewed change would be.
    if (now < m.provisioned - 2 * DAY) continue;
    const spec = sandboxTenant(s, labelPrefix, (id) => orgName.get(id) ?? '');
    const modified = new Date(m.provisioned - 2 * DAY).toISOString();
    const nsUrn = urn('kubernetes:core/v1:Namespace', s.id);
    const declare = (manifest: Manifest, name: string, type: string, parent: string) => {
      const id = manifest.metadata.namespace
        ? `${manifest.metadata.namespace}/${manifest.metadata.name}`
        : manifest.metadata.name;
      resources.push({
        urn: parent === stackUrn ? urn(type, name) : urn(type, name, 'kubernetes:core/v1:Namespace$'),
        custom: true,
        id,
        type,
        parent,
        provider: `${providerUrn}::provider-id`,
        inputs: manifest,
        outputs: manifest,
        created: modified,
        modified,
      });
    };
    declare(spec.namespace, s.id, 'kubernetes:core/v1:Namespace', stackUrn);
    declare(spec.quota, `${s.id}-quota`, 'kubernetes:core/v1:ResourceQuota', nsUrn);
    declare(spec.limitRange, `${s.id}-limits`, 'kubernetes:core/v1:LimitRange', nsUrn);
    for (const p of spec.networkPolicies)
      declare(p, `${s.id}-${p.metadata.name}`, 'kubernetes:networking.k8s.io/v1:NetworkPolicy', nsUrn);
    declare(spec.roleBinding, `${s.id}-edit`, 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding', nsUrn);
    tenants++;
  }
  (resources[0] as { outputs: object }).outputs = { tenantCount: tenants, network };
  return {
    version: 3,
    checkpoint: {
      stack,
      latest: {
        manifest: { time: new Date(now).toISOString(), magic: 'sandbox', version: 'v3.248.0' },
        secrets_providers: { type: 'passphrase', state: { salt: 'v1:sandbox' } },
        resources,
      },
    },
  };
}

export async function writeSandboxBackend(
  root: string,
  plan: Plan,
  now: number,
  labelPrefix: string,
): Promise<void> {
  const dir = join(root, '.pulumi', 'stacks', SANDBOX_PROJECT);
  await mkdir(dir, { recursive: true });
  await writeFile(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
  for (const network of ['internal', 'external'] as const) {
    const file = join(dir, `${network}.json`);
    // Unique temporary name, then rename: a reader never sees a half-written checkpoint.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(sandboxCheckpoint(plan, network, now, labelPrefix), null, 2));
    await rename(tmp, file);
  }
}
