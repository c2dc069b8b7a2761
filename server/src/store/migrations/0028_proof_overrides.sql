-- Overrides of the cut-over and retirement evidence (#23): when the probes or the legacy traffic
-- cannot prove what the department is about to sign (no blackbox probe for an internal name, a
-- legacy proxy that exports nothing), an operator records why the sign-off may go ahead without
-- it. Kept until withdrawn; each act is audited.
CREATE TABLE proof_overrides (
  id serial PRIMARY KEY,
  system text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cut-over', 'legacy-retired')),
  reason text NOT NULL CHECK (length(reason) >= 4),
  -- What the evidence said when it was overridden (the tracker's judgement, as shown).
  evidence jsonb NOT NULL,
  overridden_by text NOT NULL,
  overridden_at timestamptz NOT NULL,
  withdrawn_by text,
  withdrawn_at timestamptz
);
-- One override in force per system and sign-off.
CREATE UNIQUE INDEX proof_overrides_in_force ON proof_overrides (system, kind) WHERE withdrawn_at IS NULL;
