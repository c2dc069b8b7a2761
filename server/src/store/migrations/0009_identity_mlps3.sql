-- MLPS level 3 identity: a second factor (TOTP), sessions that end after inactivity, and the last
-- sign-in shown at the next one. A session in a second-factor or enrolment stage grants nothing.
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_pending text;
ALTER TABLE users ADD COLUMN totp_used_step bigint;
ALTER TABLE users ADD COLUMN last_login_at timestamptz;
ALTER TABLE users ADD COLUMN last_login_address text;
ALTER TABLE sessions ADD COLUMN stage text NOT NULL DEFAULT 'full'
  CHECK (stage IN ('full', 'second-factor', 'enrol'));
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
ALTER TABLE sessions ADD COLUMN previous_login_at timestamptz;
ALTER TABLE sessions ADD COLUMN previous_login_address text;
