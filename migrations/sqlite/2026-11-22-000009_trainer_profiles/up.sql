-- A trainer's own settings: its caisse de rattachement, and whether it wants an e-mail when a
-- session awaits it.
CREATE TABLE trainer_profiles (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    caisse_code TEXT REFERENCES caisses (code),
    session_alerts BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
