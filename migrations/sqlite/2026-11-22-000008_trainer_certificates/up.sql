-- Trainer certificates: a person may train for a scheme while one is valid. They outlive the
-- sessions that created them. origin: import, network (recorded by an agent), session.
CREATE TABLE trainer_certificates (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    scheme_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    origin TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX trainer_certificates_user_id ON trainer_certificates (user_id);
