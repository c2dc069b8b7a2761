import {
  ConflictError,
  FourEyesError,
  NotFoundError,
  PendingProposalError,
  UsernameTakenError,
} from '../store/errors.ts';
import { PlacementError } from '../auth/policy.ts';
import { UserError } from './errors/user-error.ts';

/** Store errors as API errors in the viewer's language: a lost race is a CONFLICT the console can explain. */
export async function storeCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ConflictError) throw new UserError('CONFLICT', {}, { key: 'store.conflict' }, e);
    // A role that needs an organisation unit given none: said on the unit's field.
    if (e instanceof PlacementError)
      throw new UserError('BAD_REQUEST', { department: [{ key: 'field.unitRequired' }] }, undefined, e);
    if (e instanceof UsernameTakenError)
      throw new UserError(
        'CONFLICT',
        { username: [{ key: 'account.usernameTaken', params: { username: e.username } }] },
        undefined,
        e,
      );
    if (e instanceof PendingProposalError)
      throw new UserError(
        'CONFLICT',
        {},
        { key: 'grant.pendingAlready', params: { username: e.username } },
        e,
      );
    if (e instanceof NotFoundError) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' }, e);
    if (e instanceof FourEyesError)
      throw new UserError(
        'FORBIDDEN',
        {},
        {
          key:
            e.rule === 'not-own-request'
              ? 'store.notOwnRequest'
              : e.rule === 'reviewed-already'
                ? 'store.reviewedAlready'
                : e.rule === 'own-account'
                  ? 'store.ownAccount'
                  : 'store.fourEyes',
        },
        e,
      );
    throw e;
  }
}
