// Four eyes on every two-party act, in one place: each act done twice by one person is refused
// with its rule, whatever the role. (Grant proposals have their own test beside their router.)
import { REVIEW_FIRST } from './fixtures/request-rules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/db.ts';
import { createRequest, decideRequest, withdrawRequest } from '../src/store/requests.ts';
import { confirm, sign } from '../src/store/signoffs.ts';
import { updateUser } from '../src/store/user-admin.ts';
import { createUser } from '../src/store/accounts.ts';
import { FourEyesError } from '../src/store/errors.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({});
});
afterAll(() => store.close());

const as = (id: string) => ({ id, requestId: `r-${id}` });
const ask = (by: string, reviewLevels: string[] = []) =>
  createRequest(
    store,
    as(by),
    {
      system: 's1',
      department: 'gat',
      network: 'external',
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 0,
      reason: '扩容申请',
      reviewLevels,
    },
    REVIEW_FIRST,
  );
const refusedFor = (rule: FourEyesError['rule']) => expect.objectContaining({ name: 'Error', rule });

describe('four eyes', () => {
  it('the one who asked never decides the request', async () => {
    const r = await ask('li');
    await expect(
      decideRequest(
        store,
        as('li'),
        { id: r.id, version: 1, decision: 'approve', comment: '' },
        REVIEW_FIRST,
      ),
    ).rejects.toEqual(refusedFor('own-request'));
  });

  it('one person reviews one level of a request only', async () => {
    const r = await ask('wang', ['county', 'city', 'province']);
    await decideRequest(
      store,
      as('zhou'),
      {
        id: r.id,
        version: 1,
        decision: 'approve',
        comment: '',
        level: 'county',
      },
      REVIEW_FIRST,
    );
    // The same person again at the next level (say, moved from the county to the city).
    await expect(
      decideRequest(
        store,
        as('zhou'),
        {
          id: r.id,
          version: 2,
          decision: 'approve',
          comment: '',
          level: 'city',
        },
        REVIEW_FIRST,
      ),
    ).rejects.toEqual(refusedFor('reviewed-already'));
  });

  it('only the one who asked withdraws a request', async () => {
    const r = await ask('sun');
    await expect(withdrawRequest(store, as('qian'), { id: r.id, version: 1 }, REVIEW_FIRST)).rejects.toEqual(
      refusedFor('not-own-request'),
    );
  });

  it('the one who signed never confirms the sign-off', async () => {
    const s = await sign(store, as('dept-zhao'), { system: 's1', kind: 'cut-over' });
    await expect(
      confirm(store, as('dept-zhao'), { system: 's1', kind: 'cut-over', version: s.version }),
    ).rejects.toEqual(refusedFor('own-signoff'));
  });

  it('an administrator never changes their own account’s access', async () => {
    await createUser(store, { username: 'sec', displayName: 'Sec', role: 'security' }, as('setup'));
    await expect(updateUser(store, as('sec'), 'sec', { role: 'operator', department: null })).rejects.toEqual(
      refusedFor('own-account'),
    );
  });
});
