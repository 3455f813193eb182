-- Who merged a duplicate account into which, when: support's record of "one person, one Forprev
-- number". The duplicate is deleted; its id and number are kept here as text.
CREATE TABLE user_merges (
    id TEXT PRIMARY KEY NOT NULL,
    merged_user_id TEXT NOT NULL,
    merged_forprev_number TEXT NOT NULL,
    into_user_id TEXT NOT NULL REFERENCES users (id),
    merged_by TEXT NOT NULL REFERENCES users (id),
    merged_at TIMESTAMP NOT NULL
);
CREATE INDEX user_merges_into_user_id ON user_merges (into_user_id);
