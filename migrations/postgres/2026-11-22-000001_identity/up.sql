-- People who can log in, with their unique Forprev number (the login) and e-mail (stored lower-case).
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    forprev_number TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    family_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    -- NULL until the person accepts an invitation and chooses a password.
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A role held by a user, with its scope (caisse, entity or habilitation) where the role has one.
CREATE TABLE grants (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    entity_id TEXT,
    habilitation_id TEXT,
    caisse_code TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX grants_user_id ON grants (user_id);

-- Rotating refresh tokens, stored as SHA-256 hashes. One login starts a family; reusing a spent
-- token revokes the whole family.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    spent_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id ON refresh_tokens (user_id);

-- Failed logins, per account and per client address, for throttling.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_time ON login_failures (throttle_key, failed_at);
