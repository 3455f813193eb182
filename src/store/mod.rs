//! Queries, one file per aggregate. Functions take the connection and plain values, return
//! records or `QueryResult`, and never decide a rule: that is `domain/`'s job.

pub mod access;
pub mod api_clients;
pub mod certificate_keys;
pub mod certificate_revocations;
pub mod dashboard;
pub mod delegates;
pub mod directory;
pub mod documents;
pub mod entities;
pub mod grants;
pub mod habilitation_requests;
pub mod habilitations;
pub mod idempotency_keys;
pub mod invitations;
pub mod members;
pub mod outbox;
pub mod purge;
pub mod reference;
pub mod refresh_tokens;
pub mod session_archives;
pub mod sessions;
pub mod statistics;
pub mod throttle_events;
pub mod trainees;
pub mod trainer_certificates;
pub mod trainer_profiles;
pub mod user_merges;
pub mod users;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Instants are stored as naive UTC on both backends.
pub(crate) fn naive(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc()
}
