import { TRPCError } from '@trpc/server';
import { ConflictError, FourEyesError, NotFoundError } from '../store/errors.ts';

/** Store errors as API errors: a lost race is a CONFLICT the console can explain. */
export async function storeCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ConflictError) throw new TRPCError({ code: 'CONFLICT', message: e.message, cause: e });
    if (e instanceof NotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: e.message, cause: e });
    if (e instanceof FourEyesError) throw new TRPCError({ code: 'FORBIDDEN', message: e.message, cause: e });
    throw e;
  }
}
