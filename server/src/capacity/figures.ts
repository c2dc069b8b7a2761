// Adding namespaces up into figures. A Tally collects sums; figures() derives the ratios once the
// level's capacity is known (allocatable for clusters and networks, the quota for tenants).
import type { Amounts, Billed, Figures, NamespaceUsage, Resource, ResourceFigures } from '../model/index.ts';

function addBilled(to: Billed, b: Billed): void {
  to.cpuCoreHours += b.cpuCoreHours;
  to.memoryByteHours += b.memoryByteHours;
  to.storageByteHours += b.storageByteHours;
}

const ratio = (a: number, b: number | null) => (b !== null && b > 0 ? a / b : null);

export class Tally {
  readonly requested: Amounts = { cpu: 0, memory: 0 };
  readonly quotaHard: Amounts = { cpu: 0, memory: 0 };
  readonly quotaUsed: Amounts = { cpu: 0, memory: 0 };
  readonly usage: Amounts = { cpu: 0, memory: 0 };
  readonly allocation: Amounts = { cpu: 0, memory: 0 };
  storage = 0;
  namespaces = 0;
  /** Resource-hours over the billing window; namespaces without a reading add nothing. */
  readonly billed: Billed = { cpuCoreHours: 0, memoryByteHours: 0, storageByteHours: 0 };

  add(n: NamespaceUsage): this {
    if (n.billed) addBilled(this.billed, n.billed);
    for (const r of ['cpu', 'memory'] as const) {
      this.requested[r] += n.requests[r];
      this.quotaHard[r] += n.quotaHard[r];
      this.quotaUsed[r] += n.quotaUsed[r];
      this.usage[r] += n.usage[r];
      this.allocation[r] += Math.max(n.requests[r], n.usage[r]);
    }
    this.storage += n.storage;
    this.namespaces++;
    return this;
  }

  /** Adds a level's figures (to total up rows already reported). */
  addFigures(f: Figures): this {
    for (const r of ['cpu', 'memory'] as const) {
      this.requested[r] += f[r].requested;
      this.quotaHard[r] += f[r].quotaHard;
      this.quotaUsed[r] += f[r].quotaUsed;
      this.usage[r] += f[r].usage;
      this.allocation[r] += f[r].allocation;
    }
    this.storage += f.storage;
    this.namespaces += f.namespaces;
    return this;
  }

  merge(o: Tally): this {
    addBilled(this.billed, o.billed);
    for (const r of ['cpu', 'memory'] as const) {
      this.requested[r] += o.requested[r];
      this.quotaHard[r] += o.quotaHard[r];
      this.quotaUsed[r] += o.quotaUsed[r];
      this.usage[r] += o.usage[r];
      this.allocation[r] += o.allocation[r];
    }
    this.storage += o.storage;
    this.namespaces += o.namespaces;
    return this;
  }

  private resource(r: Resource, capacity: number | null): ResourceFigures {
    return {
      capacity,
      requested: this.requested[r],
      quotaHard: this.quotaHard[r],
      quotaUsed: this.quotaUsed[r],
      usage: this.usage[r],
      allocation: this.allocation[r],
      idle: capacity === null ? null : capacity - this.allocation[r],
      efficiency: ratio(this.usage[r], this.requested[r]),
      commitment: ratio(this.requested[r], capacity),
      headroom: capacity === null ? null : capacity - this.requested[r],
    };
  }

  /** Figures against allocatable capacity (clusters, networks, the whole cloud). */
  against(allocatable: Amounts): Figures {
    return this.figures(allocatable.cpu, allocatable.memory);
  }

  /** Figures with no capacity to compare against (shared platform namespaces). */
  bare(): Figures {
    return this.figures(null, null);
  }

  /** Figures against the tenant's own quota (departments, systems); no quota, no capacity. */
  againstQuota(): Figures {
    const q = (r: Resource) => (this.quotaHard[r] > 0 ? this.quotaHard[r] : null);
    return this.figures(q('cpu'), q('memory'));
  }

  private figures(cpu: number | null, memory: number | null): Figures {
    return {
      cpu: this.resource('cpu', cpu),
      memory: this.resource('memory', memory),
      storage: this.storage,
      namespaces: this.namespaces,
    };
  }
}

/** A tally per key, created on first use. */
export function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
}
