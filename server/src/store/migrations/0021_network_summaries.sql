-- The network summary (#21): one Yunqian per network; the internal one exports counts only, signed,
-- across a one-way exchange, and the external one imports them for leadership.
-- The exporter's side: the latest figures the engine computed (one row), and every numbered export.
-- The sequence comes from the database, so replicas and the command line never reuse a number.
CREATE TABLE summary_snapshot (
  network text PRIMARY KEY CHECK (network IN ('internal', 'external')),
  content jsonb NOT NULL,
  as_of timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE summary_exports (
  sequence bigserial PRIMARY KEY,
  network text NOT NULL CHECK (network IN ('internal', 'external')),
  as_of timestamptz NOT NULL,
  exported_at timestamptz NOT NULL,
  exported_by text NOT NULL,
  -- The signed payload's digest, to match a file to its export.
  digest text NOT NULL
);
-- The importer's side: every accepted summary, newest sequence per network last. A sequence is
-- accepted once, and only above the last one accepted from that network.
CREATE TABLE summary_imports (
  id serial PRIMARY KEY,
  network text NOT NULL CHECK (network IN ('internal', 'external')),
  sequence bigint NOT NULL,
  as_of timestamptz NOT NULL,
  exported_at timestamptz NOT NULL,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL,
  signer text NOT NULL,
  digest text NOT NULL,
  content jsonb NOT NULL,
  UNIQUE (network, sequence)
);
