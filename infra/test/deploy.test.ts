// Yunqian's own deployment program under Pulumi's mocks.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mockPulumi, settled, type Registered } from './mocks.ts';
import { deployYunqian } from '../deploy/yunqian.ts';
import { ENV } from '../../server/src/config/config.ts';

type Container = {
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
  image: string;
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
};

describe('Yunqian deployment', () => {
  let r: Registered[];
  beforeAll(async () => {
    r = await mockPulumi('yunqian-deploy', 'prod');
    deployYunqian({
      namespace: 'yunqian',
      image: 'registry.gov.local/yunqian:1.0.0',
      replicas: 2,
      config: { tracker: { pollSeconds: 30 }, prometheus: { url: 'http://prometheus.monitoring:9090' } },
      database: { secretName: 'yunqian-db', key: 'url' },
      kubeContext: 'external-admin',
    });
    await settled(r);
  });
  const one = <T = Record<string, unknown>>(type: string) =>
    r.find((x) => x.type === type)!.inputs as unknown as T;

  it('runs two replicas with probes, the config file and the database URL from a Secret reference', () => {
    const d = one<{ spec: { replicas: number; template: { spec: { containers: Container[] } } } }>(
      'kubernetes:apps/v1:Deployment',
    );
    expect(d.spec.replicas).toBe(2);
    const [c] = d.spec.template.spec.containers;
    const databaseVar = Object.entries(ENV).find(([, v]) => v.path.join('.') === 'database.url')![0];
    expect(c!.env).toContainEqual({
      name: databaseVar,
      valueFrom: { secretKeyRef: { name: 'yunqian-db', key: 'url' } },
    });
    // Each thread has its own cap: together three quarters of the 2 GiB limit.
    expect(c!.env).toContainEqual({ name: 'NODE_OPTIONS', value: '--max-old-space-size=512' });
    expect(c!.env).toContainEqual({ name: 'YUNQIAN_ENGINE_HEAP_MIB', value: '1024' });
    expect(c!.env).toContainEqual({ name: 'YUNQIAN_CONFIG', value: '/etc/yunqian/config.yaml' });
    expect(c!.readinessProbe.httpGet.path).toBe('/readyz');
    expect(c!.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c!.securityContext.readOnlyRootFilesystem).toBe(true);
    // The secret is referenced, never created or copied by the program.
    expect(r.filter((x) => x.type === 'kubernetes:core/v1:Secret')).toHaveLength(0);
  });

  it("runs the Dockerfile's image as its non-root user on a read-only root, /tmp from an emptyDir", () => {
    const d = one<{
      spec: {
        template: {
          spec: {
            securityContext: Record<string, unknown>;
            containers: Container[];
            volumes: { name: string; emptyDir?: object }[];
          };
        };
      };
    }>('kubernetes:apps/v1:Deployment');
    const pod = d.spec.template.spec;
    const [c] = pod.containers;
    expect(c!.image).toBe('registry.gov.local/yunqian:1.0.0');
    // The Dockerfile's USER: the same numeric uid, so runAsNonRoot can check it.
    const user = /^USER (\d+)/m.exec(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'))![1];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: Number(user) });
    expect(c!.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: Number(user),
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c!.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.volumes.find((v) => v.name === 'tmp')?.emptyDir).toBeDefined();
    // Nothing else is writable: every other mount is read-only.
    expect(c!.volumeMounts.filter((m) => m.name !== 'tmp').every((m) => m.readOnly)).toBe(true);
  });

  it('ships the configuration as a ConfigMap and exposes the pods through a Service', () => {
    const cm = one<{ data: Record<string, string> }>('kubernetes:core/v1:ConfigMap');
    expect(parse(cm.data['config.yaml']!)).toEqual({
      tracker: { pollSeconds: 30 },
      prometheus: { url: 'http://prometheus.monitoring:9090' },
    });
    const svc = one<{ spec: { selector: Record<string, string>; ports: { port: number }[] } }>(
      'kubernetes:core/v1:Service',
    );
    expect(svc.spec.selector).toEqual({
      'app.kubernetes.io/name': 'yunqian',
      'app.kubernetes.io/part-of': 'yunqian',
    });
    expect(svc.spec.ports[0]!.port).toBe(80);
    expect(one('kubernetes:policy/v1:PodDisruptionBudget')).toMatchObject({ spec: { minAvailable: 1 } });
  });

  it('refuses a single replica', () => {
    expect(() =>
      deployYunqian({
        namespace: 'x',
        image: 'i',
        replicas: 1,
        config: {},
        database: { secretName: 's', key: 'k' },
      }),
    ).toThrow(/two replicas/);
  });
});
