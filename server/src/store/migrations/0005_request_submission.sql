-- A request form carries a submission id: the same submission sent twice (a double click, a retry
-- after a lost answer) makes one request, not two.
ALTER TABLE resource_requests ADD COLUMN submission_id text;
CREATE UNIQUE INDEX resource_requests_submission ON resource_requests (requested_by, submission_id)
  WHERE submission_id IS NOT NULL;
