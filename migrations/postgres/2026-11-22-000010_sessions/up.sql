-- Certification sessions of one habilitation. Scheme and level are the habilitation's.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    habilitation_id TEXT NOT NULL REFERENCES habilitations (id),
    -- The habilitation's entity, kept here so that scoped queries need no join.
    entity_id TEXT NOT NULL REFERENCES entities (id),
    kind TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    hours INTEGER NOT NULL,
    place TEXT NOT NULL,
    trainer_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    return_comment TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Bumped by every change: the ETag that If-Match is checked against.
    version INTEGER NOT NULL,
    -- When the session was closed or cancelled: the 15-day deletion counts from it.
    ended_at TIMESTAMP
);
CREATE INDEX sessions_entity_id ON sessions (entity_id);
CREATE INDEX sessions_habilitation_id ON sessions (habilitation_id);
CREATE INDEX sessions_trainer_id ON sessions (trainer_id);
CREATE INDEX sessions_status_ended_at ON sessions (status, ended_at);

-- Every step of a session: who did what, when, with what comment.
CREATE TABLE session_events (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL,
    comment TEXT
);
CREATE INDEX session_events_session_id ON session_events (session_id);
