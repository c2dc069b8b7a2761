-- Department scorecards (考核, #22): a closed month keeps, per organisation unit, the inputs it was
-- scored from, the rules (weights) in force and the result, with one hash over the month. Closed
-- months are frozen: no row of them is ever updated or deleted (the trigger refuses), so a
-- recomputation from the stored inputs must give the stored result and hash.
CREATE TABLE scorecard_closes (
  month text PRIMARY KEY CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  hash text NOT NULL,
  hash_algorithm text NOT NULL,
  units integer NOT NULL,
  closed_at timestamptz NOT NULL,
  closed_by text NOT NULL
);
CREATE TABLE scorecard_months (
  month text NOT NULL REFERENCES scorecard_closes (month),
  unit text NOT NULL,
  inputs jsonb NOT NULL,
  rules jsonb NOT NULL,
  result jsonb NOT NULL,
  total double precision,
  PRIMARY KEY (month, unit)
);
CREATE FUNCTION scorecard_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a closed scorecard month is frozen (% of %)', TG_OP, TG_TABLE_NAME; END $$;
CREATE TRIGGER scorecard_months_frozen BEFORE UPDATE OR DELETE ON scorecard_months FOR EACH ROW EXECUTE FUNCTION scorecard_frozen();
CREATE TRIGGER scorecard_closes_frozen BEFORE UPDATE OR DELETE ON scorecard_closes FOR EACH ROW EXECUTE FUNCTION scorecard_frozen();
