DROP INDEX outbox_session_id;
ALTER TABLE outbox DROP COLUMN session_id;
