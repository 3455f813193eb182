-- The answers to POST requests sent with an `Idempotency-Key`, kept 24 hours so that a retry
-- gets the first answer again. Keys are scoped to their caller. While the first request runs,
-- `status` is null (a concurrent retry is told to wait).
CREATE TABLE idempotency_keys (
    caller TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response_headers TEXT,
    response_body BYTEA,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
