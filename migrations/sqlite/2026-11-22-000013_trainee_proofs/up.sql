-- The scan of a MAC trainee's previous certificate, when it has no certificate token. Deleted
-- with its trainee (and so with its session).
CREATE TABLE trainee_proofs (
    trainee_id TEXT PRIMARY KEY NOT NULL REFERENCES trainees (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);
