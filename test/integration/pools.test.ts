// Department pools on a real PostgreSQL 15: fifty approvals at once against one allotment grant
// exactly what it holds and no more, a sub-unit's approvals count in its department's pool, and
// after a grant is released the room it frees is taken once, not twice.
import { REVIEW_FIRST } from '../../server/test/fixtures/request-rules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { createRequest, decideRequest, releaseRequest } from '../../server/src/store/requests.ts';
import { PoolExceededError, poolLedger, setAllotment } from '../../server/src/store/pools.ts';

let pg: RunningPostgres;
let store: Store;
beforeAll(async () => {
  pg = await startPostgres();
  store = await openStore({ url: pg.url });
}, 180_000);
afterAll(async () => {
  if (store) {
    await rawQuery(store.db, 'DROP SCHEMA public CASCADE');
    await store.close();
  }
  await pg?.stop();
});

const as = (id: string) => ({ id, requestId: `r-${id}` });
/** A request of `unit` (under gat, under the province) for `cpu` cores. */
const ask = (unit: 'gat' | 'gat-xxzx', cpu: number, n: number) =>
  createRequest(
    store,
    as(`dept-${n}`),
    {
      system: `s-${n}`,
      department: unit,
      network: 'external',
      cpu,
      memoryGiB: 0,
      storageGiB: 0,
      reason: '并发审批测试',
      pools: unit === 'gat' ? ['gat', 'province'] : ['gat-xxzx', 'gat', 'province'],
    },
    REVIEW_FIRST,
  );
/** Approve each request, all at once, each by its own operator; how many were granted and refused. */
async function approveAll(ids: number[]) {
  const outcomes = await Promise.allSettled(
    ids.map((id, i) =>
      decideRequest(
        store,
        as(`op-${id}-${i}`),
        { id, version: 1, decision: 'approve', comment: '' },
        REVIEW_FIRST,
      ),
    ),
  );
  const refused = outcomes.filter((o) => o.status === 'rejected');
  for (const o of refused) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(PoolExceededError);
  return { granted: outcomes.length - refused.length, refused: refused.length };
}
const grantedCpu = async (unit: string) =>
  (await poolLedger(store.db, new Set([unit]), 'external'))[0]!.granted.cpu;

describe('department pools under concurrency', () => {
  it('fifty parallel approvals against a 20-core pool grant exactly 20 cores', async () => {
    await setAllotment(store, as('bureau'), {
      department: 'gat',
      network: 'external',
      cpu: 20,
      memoryGiB: 1000,
      storageGiB: 1000,
    });
    // Half from the department itself, half from its sub-unit: both draw on gat's pool.
    const asked = await Promise.all(
      Array.from({ length: 50 }, (_, n) => ask(n % 2 ? 'gat-xxzx' : 'gat', 1, n)),
    );
    expect(await approveAll(asked.map((r) => r.id))).toEqual({ granted: 20, refused: 30 });
    expect(await grantedCpu('gat')).toBe(20);
    const [ledger] = await poolLedger(store.db, new Set(['gat']), 'external');
    expect(ledger).toMatchObject({ allotted: { cpu: 20 }, granted: { cpu: 20 }, requested: { cpu: 30 } });
  });

  it('after a release, the freed room is granted once however many ask for it', async () => {
    const [granted] = await rawQuery<{ id: number; version: number }>(
      store.db,
      "SELECT id, version FROM resource_requests WHERE status = 'approved' ORDER BY id LIMIT 1",
    );
    await releaseRequest(
      store,
      as('bureau'),
      { id: granted!.id, version: granted!.version, comment: '系统退出，资源回收' },
      REVIEW_FIRST,
    );
    expect(await grantedCpu('gat')).toBe(19);
    const again = await Promise.all(Array.from({ length: 10 }, (_, n) => ask('gat', 1, 100 + n)));
    expect(await approveAll(again.map((r) => r.id))).toEqual({ granted: 1, refused: 9 });
    expect(await grantedCpu('gat')).toBe(20);
  });

  it('a sub-unit with a pool of its own is held to it as well as to its department', async () => {
    await setAllotment(store, as('bureau'), {
      department: 'gat-xxzx',
      network: 'external',
      cpu: 2,
      memoryGiB: 10,
      storageGiB: 10,
    });
    // The department's pool is full: even a sub-unit with room of its own is refused.
    const full = await ask('gat-xxzx', 1, 200);
    await expect(
      decideRequest(
        store,
        as('op-x'),
        { id: full.id, version: 1, decision: 'approve', comment: '' },
        REVIEW_FIRST,
      ),
    ).rejects.toMatchObject({ department: 'gat', resource: 'cpu', left: 0, asked: 1 });
    // Room in the department, none in the sub-unit (already holding its share from the first test).
    await setAllotment(store, as('bureau'), {
      department: 'gat',
      network: 'external',
      cpu: 100,
      memoryGiB: 1000,
      storageGiB: 1000,
    });
    const subUnitGranted = await grantedCpu('gat-xxzx');
    expect(subUnitGranted).toBeGreaterThanOrEqual(2);
    await expect(
      decideRequest(
        store,
        as('op-y'),
        { id: full.id, version: 1, decision: 'approve', comment: '' },
        REVIEW_FIRST,
      ),
    ).rejects.toMatchObject({ department: 'gat-xxzx', resource: 'cpu' });
  });
});
