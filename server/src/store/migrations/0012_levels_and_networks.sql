-- Levels and networks (#18): an account may belong to one network's team, and a request is
-- reviewed level by level (county, city, province), each review recorded on the request.
ALTER TABLE users ADD COLUMN network text CHECK (network IN ('internal', 'external'));
-- The reviewing units, nearest first, fixed when the request is made; the step now awaited; the
-- reviews given so far ({level, by, at, comment}). Requests made before have no levels: one
-- decision, as before.
ALTER TABLE resource_requests ADD COLUMN review_levels jsonb NOT NULL DEFAULT '[]';
ALTER TABLE resource_requests ADD COLUMN review_step integer NOT NULL DEFAULT 0;
ALTER TABLE resource_requests ADD COLUMN reviews jsonb NOT NULL DEFAULT '[]';
