-- A session's trainees: names and birth date only (no birthplace, no maiden name), an optional
-- e-mail, the proof of a prior certificate for a MAC, and the trainer's result.
CREATE TABLE trainees (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    family_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    email TEXT,
    prior_certificate_token TEXT,
    identity_checked BOOLEAN NOT NULL DEFAULT FALSE,
    outcome TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX trainees_session_id ON trainees (session_id);
