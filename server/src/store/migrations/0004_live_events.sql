-- Live events with a durable, monotonic id: a console that reconnects (to any replica) resumes
-- from the last event it received instead of refetching everything. Kept for a day.
CREATE TABLE live_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  event jsonb NOT NULL
);
CREATE INDEX live_events_at ON live_events (at);
