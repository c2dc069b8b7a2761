-- The request lifecycle (#19): a request has a kind (new resources, a change, an exit), the step
-- it is at (accept, review, provision, test, trial, online) with when that step started and when
-- its clock lapses (none for the trial run and once online), the MLPS filing number it carries,
-- and the trail of its steps ({step, outcome, by, at, party?, comment?}). Requests made before
-- start at review, as they were.
ALTER TABLE resource_requests ADD COLUMN kind text NOT NULL DEFAULT 'new'
  CHECK (kind IN ('new', 'change', 'exit'));
ALTER TABLE resource_requests ADD COLUMN step text NOT NULL DEFAULT 'review'
  CHECK (step IN ('accept', 'review', 'provision', 'test', 'trial', 'online'));
ALTER TABLE resource_requests ADD COLUMN step_started_at timestamptz;
UPDATE resource_requests SET step_started_at = requested_at;
UPDATE resource_requests SET step = 'provision' WHERE status = 'approved';
UPDATE resource_requests SET step = 'online' WHERE status IN ('live', 'released');
ALTER TABLE resource_requests ALTER COLUMN step_started_at SET NOT NULL;
ALTER TABLE resource_requests ALTER COLUMN due_at DROP NOT NULL;
ALTER TABLE resource_requests ADD COLUMN filing text;
ALTER TABLE resource_requests ADD COLUMN trail jsonb NOT NULL DEFAULT '[]';
-- Test resources that lapsed without the test being passed: no longer granted, nor exported.
ALTER TABLE resource_requests DROP CONSTRAINT IF EXISTS resource_requests_status_check;
ALTER TABLE resource_requests ADD CONSTRAINT resource_requests_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'live', 'withdrawn', 'released', 'expired'));
