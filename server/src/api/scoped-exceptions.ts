// Exceptions (不上云例外) through the viewer's scope: the only way the API reads them, so a list or a
// page cannot forget the organisation subtree or the network (as requestsInScope does for requests).
import type { Db } from '../store/db.ts';
import { listExceptions, type ExceptionRow } from '../store/exceptions.ts';
import { inScope, type Scope } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';

export async function exceptionsInScope(
  db: Db,
  scope: Scope,
  f: { status?: readonly string[] | undefined; system?: string | undefined } = {},
): Promise<ExceptionRow[]> {
  if (scope.kind === 'none') return [];
  return listExceptions(db, {
    ...f,
    departments: scope.kind === 'departments' ? scope.ids : null,
    network: scope.network,
  });
}

/** One exception, if the viewer may see it. */
export async function exceptionInScope(db: Db, scope: Scope, id: number): Promise<ExceptionRow | undefined> {
  const [row] = await listExceptions(db, { id });
  return row && inScope(scope, row.department, row.network as Network) ? row : undefined;
}
