-- The cut-over runbook (割接预案, #23): the checklist a department completes before it may sign a
-- system's cut-over, one row per system, version-checked; and rollbacks (回退), each an explicit
-- recorded event that takes the cut-over (and any retirement) sign-offs back, with its reason.
CREATE TABLE cutover_runbooks (
  system text PRIMARY KEY,
  -- { item: { by, at, note } } for each item done.
  items jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
CREATE TABLE cutover_rollbacks (
  id serial PRIMARY KEY,
  system text NOT NULL,
  reason text NOT NULL CHECK (length(reason) >= 4),
  rolled_back_by text NOT NULL,
  rolled_back_at timestamptz NOT NULL,
  -- The sign-offs the rollback took back, as they were.
  signoffs jsonb NOT NULL
);
CREATE INDEX cutover_rollbacks_system ON cutover_rollbacks (system);
