-- Audited reads (MLPS level 3) look for the viewer's last row for the same read before writing
-- another (one per ten minutes); the audit's verification finds the latest archive record.
CREATE INDEX audit_action_actor_object ON audit_log (action, actor, object_type, object_id, at);
