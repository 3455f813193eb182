-- SQLite cannot drop a column that has a foreign key: the table is rebuilt without it.
DROP INDEX outbox_session_id;
CREATE TABLE outbox_without_session (
    id TEXT PRIMARY KEY NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    topic TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    leased_until TIMESTAMP,
    delivered_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT
);
INSERT INTO outbox_without_session
    SELECT id, channel, recipient, topic, subject, body, dedupe_key, created_at, attempts,
        next_attempt_at, leased_until, delivered_at, failed_at, last_error
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_without_session RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (delivered_at, failed_at, next_attempt_at);
