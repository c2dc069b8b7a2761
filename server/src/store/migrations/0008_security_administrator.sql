-- 三员分立: the security administrator, who alone changes who holds which role.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin', 'security', 'operator', 'department', 'leader', 'auditor'));
