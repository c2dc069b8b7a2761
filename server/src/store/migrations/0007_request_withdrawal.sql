-- The one who asked may take a pending request back.
ALTER TABLE resource_requests DROP CONSTRAINT IF EXISTS resource_requests_status_check;
ALTER TABLE resource_requests ADD CONSTRAINT resource_requests_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'live', 'withdrawn'));
