-- One elected engine, many API replicas (server/src/engine/replication/): the engine publishes
-- each version of its read model here (a whole one when it takes over, then deltas), its health
-- and capacity figures, and takes the commands API replicas pass it.
CREATE TABLE engine_versions (
  seq bigserial PRIMARY KEY,
  epoch text NOT NULL,
  version integer NOT NULL,
  whole boolean NOT NULL,
  body bytea NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE engine_status (
  id integer PRIMARY KEY CHECK (id = 1),
  epoch text NOT NULL,
  body bytea NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE engine_commands (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  args jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  error text,
  -- The engine (epoch) and version that carry the command's effect.
  epoch text,
  version integer
);
CREATE INDEX engine_commands_pending ON engine_commands (id) WHERE done_at IS NULL;
