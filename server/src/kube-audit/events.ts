// The Kubernetes API server's audit events, as its webhook backend sends them, reduced to the
// changes Yunqian keeps: who changed which tenant object, when, with which verb.
//
// The shape is audit.k8s.io/v1 (k8s.io/apiserver/pkg/apis/audit/v1/types.go): the webhook backend
// (k8s.io/apiserver/plugin/pkg/audit/webhook/webhook.go, processEvents) POSTs one `EventList`
// whose `items` are `Event`s: auditID, stage, verb, user {username}, impersonatedUser
// {username}, objectRef {resource, namespace, name, apiGroup, subresource}, responseStatus
// {code}, requestReceivedTimestamp and stageTimestamp (MicroTime, RFC 3339 with microseconds).

/** The verbs that change an object (the API server's verbs; get, list and watch only read). */
export const MUTATING_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/**
 * The kinds drift compares (tracker/drift.ts), by API group and resource: a change to anything
 * else cannot have caused a drift row, so it is not kept (the example policy does not send it).
 */
export const TENANT_RESOURCES: Readonly<Record<string, string>> = {
  namespaces: '',
  resourcequotas: '',
  limitranges: '',
  networkpolicies: 'networking.k8s.io',
  rolebindings: 'rbac.authorization.k8s.io',
};

/** One change as kept: the cluster is added by the receiver, from the sender's credential. */
export interface KubeChange {
  auditId: string;
  apiGroup: string;
  resource: string;
  namespace: string;
  name: string;
  verb: string;
  /** Who acted: the impersonated user when the request impersonated one. */
  username: string;
  /** Who impersonated them (null: the user acted in their own name). */
  via: string | null;
  code: number;
  receivedAt: Date;
  at: Date;
}

/** The body is not an audit.k8s.io/v1 EventList (the receiver answers 400). */
export class NotAnEventList extends Error {}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const time = (v: unknown): Date | null => {
  const d = typeof v === 'string' ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

/**
 * The changes an EventList reports: events at the ResponseComplete stage (the other stages of the
 * same request carry the same auditID and no outcome yet) of a mutating verb, answered with a
 * success code, on a tenant kind itself (not a subresource: `resourcequotas/status` is the quota
 * controller writing what is used, no one's change). Anything else is counted as ignored.
 */
export function changesOf(body: unknown): { changes: KubeChange[]; ignored: number } {
  const list = obj(body);
  if (
    !list ||
    list.kind !== 'EventList' ||
    list.apiVersion !== 'audit.k8s.io/v1' ||
    !Array.isArray(list.items)
  )
    throw new NotAnEventList(
      'expected an audit.k8s.io/v1 EventList (set --audit-webhook-version=audit.k8s.io/v1)',
    );
  const changes: KubeChange[] = [];
  for (const item of list.items) {
    const c = changeOf(obj(item));
    if (c) changes.push(c);
  }
  return { changes, ignored: list.items.length - changes.length };
}

function changeOf(e: Json | null): KubeChange | null {
  if (!e || e.stage !== 'ResponseComplete') return null;
  const verb = str(e.verb);
  if (!verb || !(MUTATING_VERBS as readonly string[]).includes(verb)) return null;
  const ref = obj(e.objectRef);
  const resource = str(ref?.resource);
  if (!ref || !resource || str(ref.subresource)) return null;
  const apiGroup = str(ref.apiGroup) ?? '';
  if (TENANT_RESOURCES[resource] !== apiGroup) return null;
  const code = obj(e.responseStatus)?.code;
  if (typeof code !== 'number' || code < 200 || code > 299) return null;
  const auditId = str(e.auditID);
  const user = str(obj(e.user)?.username);
  const at = time(e.stageTimestamp);
  if (!auditId || !user || !at) return null;
  const impersonated = str(obj(e.impersonatedUser)?.username);
  return {
    auditId,
    apiGroup,
    resource,
    namespace: str(ref.namespace) ?? '',
    name: str(ref.name) ?? '',
    verb,
    username: impersonated ?? user,
    via: impersonated ? user : null,
    code,
    receivedAt: time(e.requestReceivedTimestamp) ?? at,
    at,
  };
}
