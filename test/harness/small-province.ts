// A small province for tests on real API servers: one department's plan, and tenant namespaces
// created through the Kubernetes API as the infrastructure code would.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { createWebDeployment, makePodsReady } from './kube.ts';
import { waitFor } from './ports.ts';

const PREFIX = 'yunqian.gov.cn';
export type Workload = 'none' | 'pending' | 'ready';

/** A plan of one department (gat) with these systems, all in one wave. */
export function writeSmallProvince(
  dir: string,
  systems: Record<string, { network: 'internal' | 'external' }>,
) {
  mkdirSync(join(dir, 'systems'), { recursive: true });
  writeFileSync(
    join(dir, 'organisation.yaml'),
    'organisations:\n  - id: province\n    kind: province\n    name: { zh: 省, en: Province }\n    children:\n      - id: gat\n        kind: department\n        name: { zh: 省公安厅, en: Public Security }\n',
  );
  writeFileSync(
    join(dir, 'waves.yaml'),
    'waves:\n  - id: w1\n    name: { zh: 一批, en: W1 }\n    start: 2026-01-01\n    end: 2027-12-31\n',
  );
  writeFileSync(join(dir, 'targets.yaml'), 'targets: []\n');
  const entries = Object.entries(systems).map(
    ([id, s]) => `  - id: ${id}
    name: { zh: 系统${id}, en: System ${id} }
    network: ${s.network}
    mlps: { level: 2, filing: "1-1" }
    strategy: rehost
    wave: w1
    start: 2026-02-01
    cutover: 2027-06-01
    resources: { cpu: 2, memoryGiB: 4, storageGiB: 10 }
    currentSite: { kind: machine-room, name: 机房 }
`,
  );
  writeFileSync(join(dir, 'systems', 'gat.yaml'), `department: gat\nsystems:\n${entries.join('')}`);
}

/**
 * A system's tenant namespace, labelled as Yunqian's tenancy expects, with no workload, a pending
 * one, or one whose pods are ready.
 */
export async function createTenant(
  kc: KubeConfig,
  system: string,
  network: 'internal' | 'external',
  workload: Workload,
) {
  await kc.makeApiClient(CoreV1Api).createNamespace({
    body: {
      metadata: {
        name: system,
        labels: {
          [`${PREFIX}/department`]: 'gat',
          [`${PREFIX}/system`]: system,
          [`${PREFIX}/network`]: network,
        },
      },
    },
  });
  if (workload !== 'none') await createWebDeployment(kc, system);
  if (workload === 'ready') {
    await makePodsReady(kc, system);
    const apps = kc.makeApiClient(AppsV1Api);
    await waitFor(
      async () =>
        (await apps.readNamespacedDeployment({ name: 'web', namespace: system })).status?.readyReplicas === 1,
      30_000,
      `${system} ready`,
    );
  }
}
