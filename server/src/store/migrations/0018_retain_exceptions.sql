-- Exceptions (不上云例外, #19): a department applies for one of its systems to stay off the cloud,
-- with a reason and the last day the exception holds; the data bureau approves or rejects it, never
-- the applicant (four eyes, checked by the API and here). An approved exception that has not
-- expired counts the system apart from the migration rate, as the plan's `retain` strategy does;
-- an expired one is a blocker on the system. A later approval for the same system supersedes the
-- earlier one; the data bureau may revoke an approved one; the applicant may withdraw a pending one.
CREATE TABLE retain_exceptions (
  id serial PRIMARY KEY,
  system text NOT NULL,
  department text NOT NULL,
  network text NOT NULL CHECK (network IN ('internal', 'external')),
  reason text NOT NULL CHECK (length(reason) >= 4),
  -- The last day the exception holds (the plan's dates are whole days too).
  expires_on date NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn', 'revoked', 'superseded')),
  applied_by text NOT NULL,
  applied_at timestamptz NOT NULL,
  -- The decision (approve or reject): who, when, and the data bureau's comment.
  decided_by text,
  decided_at timestamptz,
  decision_comment text,
  -- How it ended after that: withdrawn by its applicant, revoked by the data bureau, or superseded
  -- by a later approval for the same system.
  closed_by text,
  closed_at timestamptz,
  close_comment text,
  version integer NOT NULL DEFAULT 1,
  -- The form's submission id: the same submission twice makes one application.
  submission_id text,
  CHECK ((status IN ('approved', 'rejected', 'revoked', 'superseded')) = (decided_by IS NOT NULL)),
  CHECK ((status IN ('withdrawn', 'revoked', 'superseded')) = (closed_by IS NOT NULL)),
  -- Four eyes: the applicant never decides, revokes or supersedes their own application...
  CHECK (decided_by IS NULL OR decided_by <> applied_by),
  CHECK (status = 'withdrawn' OR closed_by IS NULL OR closed_by <> applied_by),
  -- ...and only the applicant withdraws it.
  CHECK (status <> 'withdrawn' OR closed_by = applied_by)
);
-- One application awaiting a decision per system, and one approved exception in force per system.
CREATE UNIQUE INDEX retain_exceptions_one_pending ON retain_exceptions (system) WHERE status = 'pending';
CREATE UNIQUE INDEX retain_exceptions_one_approved ON retain_exceptions (system) WHERE status = 'approved';
CREATE UNIQUE INDEX retain_exceptions_submission ON retain_exceptions (applied_by, submission_id);
CREATE INDEX retain_exceptions_department ON retain_exceptions (department, status);
