// Pod churn for the sandbox: many pods held and a steady stream of pod events, the load that a
// large province's pod watches put on the server. A benchmark instrument (pnpm bench churn), off
// unless sandbox.podChurn is set. Events go through ClusterCache.apply, where a real watch event
// lands once decoded, with a freshly built object each time as a decoder would give.
import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterCache, EventType } from '../kubernetes/cluster-cache.ts';
import { hash } from './timeline.ts';
import { mulberry32 } from '@yunqian/plan';

export interface PodChurnOptions {
  /** Pods held across the sandbox clusters (the count stays within 2% of it). */
  pods: number;
  /** Pod events per second once seeded: ADDED, MODIFIED (phase, readiness) and DELETED. */
  eventsPerSecond: number;
}

export interface ChurnLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

/** The ReplicaSet of one of the sandbox's Deployments, which owns churn pods. */
interface Owner {
  cache: ClusterCache;
  namespace: string;
  deployment: string;
  replicaSet: string;
  nodes: string[];
  cpu: string;
  memory: string;
}

const PENDING = 0;
const READY = 1;
const UNREADY = 2;
/** How far the pod count may drift from the option before events push it back. */
const BAND = 0.02;
const STEP_MS = 100;
const REPORT_MS = 10_000;
const CPU = ['100m', '250m', '500m', '1'];
const MEMORY = ['256Mi', '512Mi', '1Gi', '2Gi'];

export class PodChurn {
  private owners: Owner[] = [];
  // Pods are held as three numbers each, not as objects: the caches under test hold the real
  // (trimmed) pods, and the generator must not add a second copy to the server's memory.
  private readonly ownerOf: Uint32Array;
  private readonly serialOf: Uint32Array;
  private readonly stateOf: Uint8Array;
  private count = 0;
  private serial = 0;
  private resourceVersion = 0;
  private readonly random = mulberry32(20270901);
  private timer: NodeJS.Timeout | null = null;
  /** Events applied since start, by type. */
  readonly applied: Record<EventType, number> = { ADDED: 0, MODIFIED: 0, DELETED: 0 };

  constructor(
    private readonly caches: ClusterCache[],
    private readonly o: PodChurnOptions,
    private readonly log?: ChurnLog,
  ) {
    const capacity = Math.ceil(o.pods * (1 + BAND)) + 1;
    this.ownerOf = new Uint32Array(capacity);
    this.serialOf = new Uint32Array(capacity);
    this.stateOf = new Uint8Array(capacity);
  }

  /** Pods the churn holds in the caches now. */
  get pods(): number {
    return this.count;
  }

  /**
   * Spreads the pods over every Deployment in the caches (so call it after the first tick), as
   * ADDED events: nearly all ready, a few pending or failing their readiness probe.
   */
  seed(): void {
    this.owners = this.caches.flatMap((cache) => {
      const nodes = cache.list('Node').map((n) => n.name);
      return cache.list('Deployment').map((d) => {
        const h = hash(`${d.namespace}/${d.name}`);
        return {
          cache,
          namespace: d.namespace,
          deployment: d.name,
          replicaSet: `${d.name}-${h.toString(36)}`,
          nodes,
          cpu: CPU[h % CPU.length]!,
          memory: MEMORY[(h >>> 8) % MEMORY.length]!,
        };
      });
    });
    if (!this.owners.length) {
      this.log?.warn({}, 'sandbox pod churn: no deployments to own pods yet; churn is off');
      return;
    }
    while (this.count < this.o.pods) {
      const r = this.random();
      this.add(this.count % this.owners.length, r < 0.95 ? READY : r < 0.98 ? UNREADY : PENDING);
    }
  }

  /** Applies `n` pod events, steering the pod count back into its band when it drifts out. */
  step(n: number): void {
    if (!this.owners.length) return;
    const low = this.o.pods * (1 - BAND);
    const high = this.o.pods * (1 + BAND);
    for (let i = 0; i < n; i++) {
      const r = this.random();
      if (this.count <= low || (r < 0.2 && this.count < high))
        this.add(Math.floor(this.random() * this.owners.length), PENDING);
      else if (this.count >= high || r < 0.4) this.remove(Math.floor(this.random() * this.count));
      else this.modify(Math.floor(this.random() * this.count));
    }
  }

  /** Seeds, then applies events every 100 ms until stopped. */
  start(): void {
    if (this.timer || this.o.pods <= 0) return;
    const seedStarted = performance.now();
    this.seed();
    if (!this.owners.length) return;
    this.log?.info(
      { pods: this.count, owners: this.owners.length, ms: Math.round(performance.now() - seedStarted) },
      'sandbox pod churn seeded',
    );
    // Events are due at a steady rate from the start: when the event loop was held, the ones
    // due meanwhile are applied in one go, as a watch connection delivers what queued up.
    const started = performance.now();
    let sent = 0;
    let report = { from: started, events: 0, largestBatch: 0 };
    this.timer = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((now - started) / 1000) * this.o.eventsPerSecond) - sent;
      this.step(due);
      sent += due;
      report.events += due;
      report.largestBatch = Math.max(report.largestBatch, due);
      if (now - report.from < REPORT_MS) return;
      this.log?.info(
        {
          pods: this.count,
          events: report.events,
          perSecond: Math.round((report.events * 1000) / (now - report.from)),
          largestBatch: report.largestBatch,
        },
        'sandbox pod churn',
      );
      report = { from: now, events: 0, largestBatch: 0 };
    }, STEP_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private add(owner: number, state: number): void {
    const i = this.count++;
    this.ownerOf[i] = owner;
    this.serialOf[i] = this.serial++;
    this.stateOf[i] = state;
    this.emit(i, 'ADDED');
  }

  /** Pending pods start; running ones flip readiness (a probe failing, then passing again). */
  private modify(i: number): void {
    this.stateOf[i] = this.stateOf[i] === READY ? UNREADY : READY;
    this.emit(i, 'MODIFIED');
  }

  /** The last pod takes the deleted one's slot, so the pods stay packed. */
  private remove(i: number): void {
    this.emit(i, 'DELETED');
    const last = --this.count;
    this.ownerOf[i] = this.ownerOf[last]!;
    this.serialOf[i] = this.serialOf[last]!;
    this.stateOf[i] = this.stateOf[last]!;
  }

  private emit(i: number, type: EventType): void {
    const owner = this.owners[this.ownerOf[i]!]!;
    owner.cache.apply('Pod', type, this.pod(owner, this.serialOf[i]!, this.stateOf[i]!, type));
    this.applied[type]++;
  }

  /** The pod as the API server sends it: a Deployment's pod, owned by its ReplicaSet. */
  private pod(owner: Owner, serial: number, state: number, type: EventType): V1Pod {
    const name = `${owner.replicaSet}-${serial.toString(36).padStart(5, '0')}`;
    const node = owner.nodes.length ? owner.nodes[serial % owner.nodes.length] : undefined;
    const scheduled = state !== PENDING && node !== undefined;
    const ready = state === READY;
    const created = new Date(Date.UTC(2027, 0, 1) + serial * 1000);
    const condition = (conditionType: string, status: boolean) => ({
      type: conditionType,
      status: status ? 'True' : 'False',
      lastTransitionTime: created,
    });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${owner.replicaSet}-`,
        namespace: owner.namespace,
        uid: `00000000-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`,
        resourceVersion: String(++this.resourceVersion),
        creationTimestamp: created,
        ...(type === 'DELETED' ? { deletionTimestamp: new Date(), deletionGracePeriodSeconds: 30 } : {}),
        labels: {
          'app.kubernetes.io/name': owner.deployment,
          'app.kubernetes.io/part-of': owner.namespace,
          'pod-template-hash': owner.replicaSet.slice(owner.deployment.length + 1),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: owner.replicaSet,
            uid: `rs-${owner.replicaSet}`,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        managedFields: [
          { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: created },
          { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', subresource: 'status', time: created },
        ],
      },
      spec: {
        ...(scheduled ? { nodeName: node } : {}),
        containers: [
          {
            name: owner.deployment,
            image: `registry.gov.local/${owner.namespace}/${owner.deployment}:1.4.2`,
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            resources: {
              requests: { cpu: owner.cpu, memory: owner.memory },
              limits: { cpu: owner.cpu, memory: owner.memory },
            },
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
          },
        ],
        restartPolicy: 'Always',
        serviceAccountName: 'default',
      },
      status: {
        phase: scheduled ? 'Running' : 'Pending',
        conditions: scheduled
          ? [
              condition('PodScheduled', true),
              condition('Initialized', true),
              condition('ContainersReady', ready),
              condition('Ready', ready),
            ]
          : [condition('PodScheduled', false)],
        ...(scheduled
          ? {
              hostIP: '10.20.0.1',
              podIP: `10.244.${(serial >>> 8) & 255}.${serial & 255}`,
              startTime: created,
              containerStatuses: [
                {
                  name: owner.deployment,
                  image: `registry.gov.local/${owner.namespace}/${owner.deployment}:1.4.2`,
                  imageID: '',
                  ready,
                  restartCount: ready ? 0 : 1,
                  started: true,
                  state: { running: { startedAt: created } },
                },
              ],
            }
          : {}),
      },
    };
  }
}
