// Department pools (部门资源池): the data bureau allots a unit CPU, memory and storage per network;
// approvals of requests anywhere in the unit's subtree never exceed it, however many deciders
// approve at once. An approval locks the allotment rows of the request's units (in one order, so
// two approvals never deadlock) and sums what is already granted under each before it grants more.
// The anchors get this wrong by checking before they write without a lock (two approvals each see
// room for one); here the check and the write are in one transaction behind the row locks.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { allotments, resourceRequests } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import type { Actor } from './requests.ts';

export type Amounts = { cpu: number; memoryGiB: number; storageGiB: number };
export const RESOURCES = ['cpu', 'memoryGiB', 'storageGiB'] as const;

/** An approval that would take a unit's pool past its allotment. */
export class PoolExceededError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(
    readonly department: string,
    readonly network: string,
    readonly resource: (typeof RESOURCES)[number],
    /** What is left of the allotment before this approval. */
    readonly left: number,
    readonly asked: number,
  ) {
    super(`${department}'s ${network} pool has ${left} ${resource} left; ${asked} asked`);
  }
}

const GRANTED = ['approved', 'live'];

/** What requests under `department` on `network` hold granted (approved or live) and ask (pending). */
async function drawn(t: Db, department: string, network: string) {
  const under = sql`${resourceRequests.pools} @> ${JSON.stringify([department])}::jsonb`;
  const [row] = await t
    .select({
      cpu: sql<number>`coalesce(sum(${resourceRequests.approvedCpu}) filter (where ${inArray(resourceRequests.status, GRANTED)}), 0)`,
      memoryGiB: sql<number>`coalesce(sum(${resourceRequests.approvedMemoryGiB}) filter (where ${inArray(resourceRequests.status, GRANTED)}), 0)`,
      storageGiB: sql<number>`coalesce(sum(${resourceRequests.approvedStorageGiB}) filter (where ${inArray(resourceRequests.status, GRANTED)}), 0)`,
      askedCpu: sql<number>`coalesce(sum(${resourceRequests.cpu}) filter (where ${resourceRequests.status} = 'pending'), 0)`,
      askedMemoryGiB: sql<number>`coalesce(sum(${resourceRequests.memoryGiB}) filter (where ${resourceRequests.status} = 'pending'), 0)`,
      askedStorageGiB: sql<number>`coalesce(sum(${resourceRequests.storageGiB}) filter (where ${resourceRequests.status} = 'pending'), 0)`,
    })
    .from(resourceRequests)
    .where(and(eq(resourceRequests.network, network), under));
  const n = (v: unknown) => Number(v ?? 0);
  return {
    granted: { cpu: n(row?.cpu), memoryGiB: n(row?.memoryGiB), storageGiB: n(row?.storageGiB) },
    requested: {
      cpu: n(row?.askedCpu),
      memoryGiB: n(row?.askedMemoryGiB),
      storageGiB: n(row?.askedStorageGiB),
    },
  };
}

/**
 * Inside an approval's transaction: locks the pools the request draws on and refuses an amount
 * that any of them cannot hold. `pools`: the request's unit and its ancestors.
 */
export async function drawOnPools(t: Db, pools: readonly string[], network: string, amounts: Amounts) {
  if (!pools.length) return;
  const rows = await t
    .select()
    .from(allotments)
    .where(and(eq(allotments.network, network), inArray(allotments.department, [...pools])))
    .orderBy(allotments.department)
    .for('update');
  for (const a of rows) {
    const { granted } = await drawn(t, a.department, network);
    for (const r of RESOURCES) {
      const left = a[r] - granted[r];
      // A tolerance for sums of fractional cores in floating point.
      if (amounts[r] > left + 1e-9) throw new PoolExceededError(a.department, network, r, left, amounts[r]);
    }
  }
}

/** Sets a unit's allotment on a network (the data bureau's act), audited. */
export async function setAllotment(
  store: Store,
  by: Actor,
  a: { department: string; network: string } & Amounts,
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const key = and(eq(allotments.department, a.department), eq(allotments.network, a.network));
    const [before] = await t.select().from(allotments).where(key).for('update');
    const values = { ...a, setBy: by.id, setAt: now, version: (before?.version ?? 0) + 1 };
    const [after] = before
      ? await t.update(allotments).set(values).where(key).returning()
      : await t.insert(allotments).values(values).returning();
    await audit(tx, {
      actor: by.id,
      action: 'pool.set',
      objectType: 'pool',
      objectId: `${a.department}/${a.network}`,
      before: before ?? null,
      after: after!,
      requestId: by.requestId,
      at: now,
    });
    return after!;
  });
}

/** Each allotment among `departments` (null: all): allotted, granted and requested under it. */
export async function poolLedger(db: Db, departments: ReadonlySet<string> | null, network?: string) {
  const where = [
    ...(departments ? [inArray(allotments.department, [...departments])] : []),
    ...(network ? [eq(allotments.network, network)] : []),
  ];
  const rows = await db
    .select()
    .from(allotments)
    .where(where.length ? and(...where) : undefined)
    .orderBy(allotments.department, allotments.network);
  return Promise.all(
    rows.map(async (a) => ({
      department: a.department,
      network: a.network,
      allotted: { cpu: a.cpu, memoryGiB: a.memoryGiB, storageGiB: a.storageGiB },
      ...(await drawn(db, a.department, a.network)),
      setBy: a.setBy,
      setAt: a.setAt.toISOString(),
      version: a.version,
    })),
  );
}
