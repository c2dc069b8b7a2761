-- Evaluators (第三方测评): third-party assessors who read everything operational and change nothing.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin', 'security', 'operator', 'department', 'leader', 'auditor', 'evaluator'));
