// Resource requests through the viewer's scope: the only way the API reads them, so a list, a
// count or a search cannot forget the organisation subtree or the network (as ViewerCatalog does
// for the read model).
import type { Db } from '../store/db.ts';
import { listRequests, type Request } from '../store/requests.ts';
import { inScope, type Scope } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';

export async function requestsInScope(
  db: Db,
  scope: Scope,
  f: { status?: string[]; id?: number } = {},
): Promise<Request[]> {
  if (scope.kind === 'none') return [];
  const rows = await listRequests(db, {
    ...f,
    departments: scope.kind === 'departments' ? scope.ids : null,
    ...(scope.network ? { network: scope.network } : {}),
  });
  return rows;
}

/** One request, if the viewer may see it. */
export async function requestInScope(db: Db, scope: Scope, id: number): Promise<Request | undefined> {
  const [row] = await listRequests(db, { id });
  return row && inScope(scope, row.department, row.network as Network) ? row : undefined;
}
