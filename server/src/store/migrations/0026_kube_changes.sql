-- Changes to tenant objects as the clusters' API servers report them (their audit webhook, #23
-- drift attribution): who changed which object, when, with which verb. One row per request the
-- API server completed successfully; the webhook may send an event again (a retried batch) and
-- several replicas may receive it, so a cluster's audit ID is kept once.
CREATE TABLE kube_changes (
  cluster text NOT NULL,
  audit_id text NOT NULL,
  -- objectRef: '' for the core group; namespace '' for cluster-scoped objects.
  api_group text NOT NULL,
  resource text NOT NULL,
  namespace text NOT NULL,
  name text NOT NULL,
  verb text NOT NULL,
  -- Who acted (the impersonated user when there was one) and who impersonated them.
  username text NOT NULL,
  via text,
  code integer NOT NULL,
  received_at timestamptz NOT NULL,
  at timestamptz NOT NULL,
  -- When Yunqian stored it (retention counts from the change's own time, `at`).
  kept_at timestamptz NOT NULL,
  PRIMARY KEY (cluster, audit_id)
);
CREATE INDEX kube_changes_object ON kube_changes (cluster, resource, namespace, name, at DESC);
CREATE INDEX kube_changes_at ON kube_changes (at);
