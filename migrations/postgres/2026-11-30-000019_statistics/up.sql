-- What the network certified, kept after the sessions it counts are deleted: counters per month
-- (of the closure or the cancellation), entity, caisse, scheme, level and kind. No name, no
-- birth date, no session id: nothing personal.
CREATE TABLE statistics (
    month TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    caisse_code TEXT NOT NULL,
    scheme_code TEXT NOT NULL,
    level INTEGER NOT NULL,
    kind TEXT NOT NULL,
    sessions_closed INTEGER NOT NULL DEFAULT 0,
    sessions_cancelled INTEGER NOT NULL DEFAULT 0,
    trainees INTEGER NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    trainer_certificates INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, entity_id, caisse_code, scheme_code, level, kind)
);
