-- Legal bodies (SIRET) holding habilitations: training bodies and companies training their staff.
CREATE TABLE entities (
    id TEXT PRIMARY KEY NOT NULL,
    siret TEXT NOT NULL UNIQUE,
    legal_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    nda TEXT,
    address_line TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    -- Derived from the postal code: the caisse that instructs this entity's requests.
    caisse_code TEXT NOT NULL REFERENCES caisses (code),
    headcount INTEGER NOT NULL,
    contact_email TEXT,
    contact_phone TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX entities_caisse_code ON entities (caisse_code);

-- The public directory: a row is an entity's opt-in, with what it chose to publish.
CREATE TABLE directory_listings (
    entity_id TEXT PRIMARY KEY NOT NULL REFERENCES entities (id),
    email TEXT,
    website TEXT,
    phone TEXT,
    updated_at TIMESTAMP NOT NULL
);

-- A provisional account (from a registration) works only on its own entity until a habilitation
-- is granted.
ALTER TABLE users ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
