-- Accounts, sessions, the hash-chained audit log, resource requests, sign-offs, manual blockers
-- and the tracker's stage history.
CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text,
  oidc_subject text UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'department', 'leader', 'auditor')),
  department text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  before jsonb,
  after jsonb,
  request_id text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_object ON audit_log (object_type, object_id);

CREATE TABLE resource_requests (
  id serial PRIMARY KEY,
  system text NOT NULL,
  department text NOT NULL,
  network text NOT NULL CHECK (network IN ('internal', 'external')),
  cpu double precision NOT NULL CHECK (cpu >= 0),
  memory_gib double precision NOT NULL CHECK (memory_gib >= 0),
  storage_gib double precision NOT NULL CHECK (storage_gib >= 0),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'live')),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  comment text,
  approved_cpu double precision,
  approved_memory_gib double precision,
  approved_storage_gib double precision,
  live_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX requests_department ON resource_requests (department, status);

CREATE TABLE signoffs (
  id serial PRIMARY KEY,
  system text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cut-over', 'legacy-retired')),
  signed_by text NOT NULL,
  signed_at timestamptz NOT NULL,
  confirmed_by text,
  confirmed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (system, kind)
);

CREATE TABLE blockers (
  id serial PRIMARY KEY,
  system text NOT NULL,
  reason text NOT NULL,
  owner text,
  raised_by text NOT NULL,
  raised_at timestamptz NOT NULL,
  resolved_by text,
  resolved_at timestamptz,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE stage_history (
  id bigserial PRIMARY KEY,
  system text NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  at timestamptz NOT NULL,
  evidence jsonb
);
CREATE INDEX stage_history_system ON stage_history (system, at);
