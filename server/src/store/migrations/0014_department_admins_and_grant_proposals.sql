-- Department administrators (部门管理员) and role grants with approval (#18). A department
-- administrator adds, moves and removes its unit's department users; a role grant may be proposed
-- (by the system administrator or a department administrator) and is decided by the security
-- administrator, never by its proposer.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin', 'security', 'operator', 'department', 'department-admin', 'leader', 'auditor', 'evaluator'));
CREATE TABLE grant_proposals (
  id serial PRIMARY KEY,
  username text NOT NULL,
  role text NOT NULL CONSTRAINT grant_proposals_role_check
    CHECK (role IN ('admin', 'security', 'operator', 'department', 'department-admin', 'leader', 'auditor', 'evaluator')),
  department text,
  network text CHECK (network IN ('internal', 'external')),
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  comment text,
  -- A decision names its decider, who is never the proposer (four eyes, also checked by the API).
  CHECK ((status = 'pending') = (decided_by IS NULL)),
  CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
-- One proposal awaiting a decision per account: two could not both be applied as meant.
CREATE UNIQUE INDEX grant_proposals_one_pending ON grant_proposals (username) WHERE status = 'pending';
CREATE INDEX grant_proposals_proposed_by ON grant_proposals (proposed_by, proposed_at);
