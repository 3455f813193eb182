-- Partner software of an entity: client credentials (the secret stored as SHA-256), created by a
-- manager, to whom the client's actions are attributed.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_clients_entity_id ON api_clients (entity_id);
