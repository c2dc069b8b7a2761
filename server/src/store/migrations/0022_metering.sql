-- Monthly metering statements (#22). The price catalogue is versioned: a price is never changed,
-- a new one is added with the date it takes effect from (a change in mid-month is prorated by the
-- hour). A closed statement is immutable: the database itself refuses to update or delete it.
CREATE TABLE metering_prices (
  id serial PRIMARY KEY,
  -- 'cpu.core-hour', 'memory.gib-hour', 'storage.gib-month', or 'item:<code>' (a fixed charge).
  item text NOT NULL,
  -- Yuan per unit, as an exact decimal string (up to 8 decimals): never a binary float.
  price text NOT NULL CHECK (price ~ '^[0-9]+(\.[0-9]{1,8})?$'),
  -- In force from 00:00 China Standard Time of this date until the item's next price.
  effective_from date NOT NULL,
  note text NOT NULL DEFAULT '',
  added_by text NOT NULL,
  added_at timestamptz NOT NULL,
  UNIQUE (item, effective_from)
);

CREATE TABLE metering_statements (
  -- 'YYYY-MM' (China Standard Time): one closed statement set per month.
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- The statement set as canonical JSON (sorted keys, amounts in fen as strings).
  content text NOT NULL,
  -- Its digest: 'sha256:<hex>' or 'sm3:<hex>' (the profile in force when it was closed).
  digest text NOT NULL,
  -- The detached signature (JSON) of the content's bytes, when a signing key is configured.
  signature text,
  closed_by text NOT NULL,
  closed_at timestamptz NOT NULL
);

CREATE FUNCTION metering_immutable() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'metering: % rows are immutable (closed statements and published prices)', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$ LANGUAGE plpgsql;

CREATE TRIGGER metering_statements_immutable BEFORE UPDATE OR DELETE ON metering_statements FOR EACH ROW EXECUTE FUNCTION metering_immutable();

CREATE TRIGGER metering_prices_immutable BEFORE UPDATE OR DELETE ON metering_prices FOR EACH ROW EXECUTE FUNCTION metering_immutable();
