// Which recorded change caused a drift row: the latest change to the drifted object — or, where
// the row names no object (a quota differs: the tenant has one quota, whatever its name), to its
// namespace's objects of that kind — at or before the drift was seen. Pure: the read side fetches
// the candidate changes (store/kube-changes.ts latestChangesIn) and this picks one per row.

/** What a drift row needs of a drift (tracker/drift.ts Drift), without importing the tracker. */
export interface DriftRef {
  kind: string;
  cluster: string | null;
  namespace: string;
  params: Record<string, string | number>;
}

/** What a kept change needs to be matched and shown. */
export interface ChangeRef {
  cluster: string;
  resource: string;
  namespace: string;
  name: string;
  verb: string;
  username: string;
  via: string | null;
  at: Date;
  auditId: string;
}

/** The change shown beside a drift row (null: none recorded, e.g. the drift predates the webhook). */
export interface DriftCause {
  username: string;
  via: string | null;
  verb: string;
  at: string;
  cluster: string;
  resource: string;
  name: string;
  auditId: string;
}

/** The object a drift row is about: its resource, and its name where the row names one. */
export function driftObject(d: DriftRef): { resource: string; name: string | null } {
  switch (d.kind) {
    case 'declared-not-live':
    case 'live-not-declared':
      return { resource: 'namespaces', name: d.namespace };
    case 'quota-differs':
      return { resource: 'resourcequotas', name: null };
    case 'policy-missing':
    case 'policy-changed':
      return { resource: 'networkpolicies', name: String(d.params.policy ?? '') || null };
    case 'rolebinding-missing':
    case 'rolebinding-changed':
      return { resource: 'rolebindings', name: String(d.params.binding ?? '') || null };
    default:
      return { resource: '', name: null };
  }
}

function concerns(
  c: ChangeRef,
  d: DriftRef,
  o: { resource: string; name: string | null },
  clusters: Set<string>,
) {
  if (c.resource !== o.resource) return false;
  // A row with no cluster (declared, not live anywhere) is about any cluster the viewer sees.
  if (d.cluster ? c.cluster !== d.cluster : !clusters.has(c.cluster)) return false;
  if (o.resource === 'namespaces') return c.name === d.namespace || c.namespace === d.namespace;
  if (c.namespace !== d.namespace) return false;
  // A deletecollection names no object: it concerns every object of its kind in the namespace.
  return o.name === null || c.name === o.name || c.name === '';
}

/** The cause of each drift row, in order (null where no change was recorded). */
export function driftCauses(
  drift: readonly DriftRef[],
  changes: readonly ChangeRef[],
  clusters: readonly string[],
): (DriftCause | null)[] {
  const seen = new Set(clusters);
  return drift.map((d) => {
    const o = driftObject(d);
    let latest: ChangeRef | null = null;
    for (const c of changes)
      if (concerns(c, d, o, seen) && (!latest || c.at.getTime() > latest.at.getTime())) latest = c;
    return latest
      ? {
          username: latest.username,
          via: latest.via,
          verb: latest.verb,
          at: latest.at.toISOString(),
          cluster: latest.cluster,
          resource: latest.resource,
          name: latest.name,
          auditId: latest.auditId,
        }
      : null;
  });
}
