-- The trainee's consent, recorded by the training body, to receive its own certificate by e-mail
-- at closure (and again if it is corrected).
ALTER TABLE trainees ADD COLUMN send_certificate BOOLEAN NOT NULL DEFAULT FALSE;
-- Files an e-mail carries (a trainee's certificate and its calendar reminder). They go with
-- their message: when it is delivered or given up, and when its session is deleted.
CREATE TABLE outbox_attachments (
    message_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    PRIMARY KEY (message_id, position)
);
