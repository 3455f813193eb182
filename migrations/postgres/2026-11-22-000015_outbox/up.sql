-- Messages to send (e-mails and webhook calls), written in the same transaction as the event
-- they tell, delivered later by the `deliver` job. A lease (`leased_until`) keeps two instances
-- from sending the same message; `dedupe_key` keeps a recurring check from queueing it twice.
CREATE TABLE outbox (
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
CREATE INDEX outbox_due ON outbox (delivered_at, failed_at, next_attempt_at);

-- A partner's webhook: where its entity's events are posted, and the secret that signs them.
ALTER TABLE api_clients ADD COLUMN webhook_url TEXT;
ALTER TABLE api_clients ADD COLUMN webhook_secret TEXT;
