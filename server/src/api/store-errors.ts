import { ConflictError, FourEyesError, NotFoundError } from '../store/errors.ts';
import { UserError } from './errors/user-error.ts';

/** Store errors as API errors in the viewer's language: a lost race is a CONFLICT the console can explain. */
export async function storeCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ConflictError) throw new UserError('CONFLICT', {}, { key: 'store.conflict' }, e);
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
                : 'store.fourEyes',
        },
        e,
      );
    throw e;
  }
}
