-- Signing, confirming and resolving are deliberate acts with an optional word on why: the comment
-- is kept on the row (and in its audit entry), so the next person reads it where they act.
ALTER TABLE signoffs ADD COLUMN sign_comment text;
ALTER TABLE signoffs ADD COLUMN confirm_comment text;
ALTER TABLE blockers ADD COLUMN resolve_comment text;
