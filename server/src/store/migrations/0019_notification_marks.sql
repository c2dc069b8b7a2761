-- Notifications (#19): what the producers last saw of a condition that lasts (drift on a tenant, a
-- quota at 80 %, a network's run-out date), so that several replicas and repeated looks tell of it
-- once, and again only after it has ended and started anew (a new episode, a new dedupe key).
CREATE TABLE notification_marks (
  -- What is watched: 'drift:internal:ns:quota-differs:cpu', 'quota:cluster:ns:cpu', 'runout:internal'.
  subject text PRIMARY KEY,
  -- A new number each time the condition starts (it names the notification's dedupe key).
  episode bigserial NOT NULL,
  -- For a run-out date: the date last told.
  value text,
  since timestamptz NOT NULL DEFAULT now()
);
