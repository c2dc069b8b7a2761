-- Sign-in state every replica must share: single sign-ons in flight (the callback may reach
-- another replica than the one that started it) and failed sign-ins in the last minute (N
-- replicas must not allow N times the attempts). The state, addresses and user names are kept
-- as digests; the PKCE verifier and nonce the callback needs are kept for at most ten minutes.
CREATE TABLE oidc_pending (
  state_hash text PRIMARY KEY,
  verifier text NOT NULL,
  nonce text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX oidc_pending_created ON oidc_pending (created_at);

CREATE TABLE signin_failures (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX signin_failures_key_at ON signin_failures (key_hash, at);
CREATE INDEX signin_failures_at ON signin_failures (at);
