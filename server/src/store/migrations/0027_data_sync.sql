-- Data-sync progress pushed by migration tools (#23): tokens issued per department (only a hash of
-- the secret is kept, naming its algorithm), and the reports accepted from them, one row per
-- system, run and sequence (the unique key is what keeps two replicas from storing one twice).
CREATE TABLE sync_tokens (
  id serial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- The organisation unit whose systems (its subtree's) the token may report on.
  department text NOT NULL,
  -- One network only when issued by a network's team (null: both).
  network text,
  -- Only these systems when not empty.
  systems jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- 'sha256:…' or 'sm3:…' of the secret (the 国密 profile writes SM3).
  secret_hash text NOT NULL UNIQUE,
  -- The secret's first characters, for people to tell tokens apart.
  hint text NOT NULL,
  issued_by text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_by text,
  revoked_at timestamptz,
  last_used_at timestamptz,
  last_used_from text,
  reports integer NOT NULL DEFAULT 0
);
CREATE INDEX sync_tokens_department ON sync_tokens (department);
CREATE TABLE sync_reports (
  id bigserial PRIMARY KEY,
  system text NOT NULL,
  run text NOT NULL,
  sequence bigint NOT NULL CHECK (sequence >= 0),
  token_id integer NOT NULL REFERENCES sync_tokens (id),
  -- The tool's time of measurement and the server's time of receipt.
  measured_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  received_from text,
  request_id text NOT NULL,
  phase text,
  percent double precision CHECK (percent BETWEEN 0 AND 100),
  rows_copied bigint,
  rows_total bigint,
  bytes_copied bigint,
  bytes_total bigint,
  checksums_verified bigint,
  checksums_mismatched bigint,
  checksums_total bigint,
  UNIQUE (system, run, sequence)
);
CREATE INDEX sync_reports_system ON sync_reports (system, received_at);
