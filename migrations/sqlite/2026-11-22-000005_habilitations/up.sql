-- The right of an entity to train for one scheme at one level.
CREATE TABLE habilitations (
    id TEXT PRIMARY KEY NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    scheme_code TEXT NOT NULL,
    level INTEGER NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT REFERENCES users (id),
    withdrawal_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    FOREIGN KEY (scheme_code, level) REFERENCES schemes (code, level),
    UNIQUE (entity_id, scheme_code, level)
);

-- Documents an entity uploads for its requests, kept in the database for their short life.
CREATE TABLE entity_documents (
    id TEXT PRIMARY KEY NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    kind TEXT NOT NULL,
    issued_on DATE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX entity_documents_entity_id ON entity_documents (entity_id);

-- Habilitation requests (initial or renewal), instructed by the caisse, decided by the commission.
CREATE TABLE habilitation_requests (
    id TEXT PRIMARY KEY NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    transmitted_at TIMESTAMP,
    review_opinion TEXT,
    review_comment TEXT,
    decision TEXT,
    decision_comment TEXT
);
CREATE INDEX habilitation_requests_entity_id ON habilitation_requests (entity_id);

CREATE TABLE habilitation_request_items (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES habilitation_requests (id) ON DELETE CASCADE,
    scheme_code TEXT NOT NULL,
    level INTEGER NOT NULL,
    FOREIGN KEY (scheme_code, level) REFERENCES schemes (code, level),
    UNIQUE (request_id, scheme_code, level)
);

CREATE TABLE habilitation_request_documents (
    request_id TEXT NOT NULL REFERENCES habilitation_requests (id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES entity_documents (id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, document_id)
);

-- Every step of a request: who did what, when, with what comment.
CREATE TABLE habilitation_request_events (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES habilitation_requests (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL,
    comment TEXT
);
CREATE INDEX habilitation_request_events_request_id ON habilitation_request_events (request_id);
