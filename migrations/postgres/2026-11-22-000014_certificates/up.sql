-- Keys that sign certificate tokens. Every key that ever signed stays, so cards keep verifying
-- after a rotation; only the development key (generated when CERT_SIGNING_KEY is unset) keeps
-- its private part here.
CREATE TABLE certificate_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    public_key TEXT NOT NULL,
    private_key BYTEA,
    created_at TIMESTAMP NOT NULL
);

-- Revoked certificate tokens, by token id; nothing personal.
CREATE TABLE certificate_revocations (
    token_id TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    revoked_by TEXT NOT NULL REFERENCES users (id),
    revoked_at TIMESTAMP NOT NULL
);

-- A closed session's certificates, one zip; deleted with the session.
CREATE TABLE session_archives (
    session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    content BYTEA NOT NULL,
    certificate_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    downloaded_at TIMESTAMP
);

-- A trainer's certificate as printed ("Mes certificats"): the card (JSON) and its signed token.
ALTER TABLE trainer_certificates ADD COLUMN card TEXT;
ALTER TABLE trainer_certificates ADD COLUMN token TEXT;

-- A trainee who already has a Forprev account (a trainers' session makes passed trainees trainers).
ALTER TABLE trainees ADD COLUMN forprev_number TEXT;
