-- MLPS level 3 passwords: changed periodically and not reused; a password set by an administrator
-- is changed by its owner at the next sign-in. A sign-in can be half done for that reason too.
ALTER TABLE users ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
CREATE TABLE password_history (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  changed_at timestamptz NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id DESC);
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_stage_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_stage_check
  CHECK (stage IN ('full', 'second-factor', 'enrol', 'change-password'));
