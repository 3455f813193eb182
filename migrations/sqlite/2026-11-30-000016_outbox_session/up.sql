-- The session a message tells about, if any: the message goes with it when the session is
-- deleted (15 days after closure), so no e-mail quoting it, no invitation its closure created
-- and no webhook payload about it outlives it.
ALTER TABLE outbox ADD COLUMN session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE;
CREATE INDEX outbox_session_id ON outbox (session_id);
