-- Department pools (#19): what the data bureau allots a unit on a network. Approvals of requests
-- in the unit's subtree never exceed it: an approval locks the allotment rows of the request's
-- units (nearest first up to the province) and sums what is granted under each.
CREATE TABLE allotments (
  department text NOT NULL,
  network text NOT NULL CHECK (network IN ('internal', 'external')),
  cpu double precision NOT NULL CHECK (cpu >= 0),
  memory_gib double precision NOT NULL CHECK (memory_gib >= 0),
  storage_gib double precision NOT NULL CHECK (storage_gib >= 0),
  set_by text NOT NULL,
  set_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (department, network)
);
-- The request's unit and its ancestors, fixed when it is made: the pools it draws on.
ALTER TABLE resource_requests ADD COLUMN pools jsonb NOT NULL DEFAULT '[]';
CREATE INDEX resource_requests_pools ON resource_requests USING gin (pools);
-- A grant given back (resources reclaimed, a system leaving the cloud): its pool has room again.
ALTER TABLE resource_requests DROP CONSTRAINT IF EXISTS resource_requests_status_check;
ALTER TABLE resource_requests ADD CONSTRAINT resource_requests_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'live', 'withdrawn', 'released'));
