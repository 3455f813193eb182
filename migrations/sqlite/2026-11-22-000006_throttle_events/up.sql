-- Failed logins and registrations share one table of throttled events, keyed by what they count
-- (`account:…`, `address:…`, `registration:…`).
ALTER TABLE login_failures RENAME TO throttle_events;
ALTER TABLE throttle_events RENAME COLUMN failed_at TO occurred_at;
