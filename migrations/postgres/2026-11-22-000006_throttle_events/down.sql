ALTER TABLE throttle_events RENAME COLUMN occurred_at TO failed_at;
ALTER TABLE throttle_events RENAME TO login_failures;
