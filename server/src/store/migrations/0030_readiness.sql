-- The readiness assessment (上云评估, #24): a department's questionnaire answers per system, and
-- archetypes (评估模板) — named answer sets a system inherits field by field. Each row is
-- version-checked: a change quotes the version it read. The verdict is not stored: it is computed
-- from these rows by readinessOf() (@yunqian/plan) wherever it is shown.
CREATE TABLE readiness_answers (
  system text PRIMARY KEY,
  archetype text,
  -- The questionnaire's fields this system answers itself (the rest come from the archetype).
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
CREATE TABLE readiness_archetypes (
  id text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
