//! What runs without a request: the purge and the delivery of messages. The server runs them on
//! a timer (`SCHEDULER`, `SCHEDULER_INTERVAL_SECONDS`); `forprev purge` and `forprev deliver` run
//! them once, for deployments that prefer an external cron. Several instances may run them at
//! once: deletions are set-based and idempotent, a message is leased before it is sent, and on
//! PostgreSQL each purge batch holds an advisory lock.

pub mod deliver;
pub mod purge;

use crate::AppState;
use crate::db::DbConnection;
use crate::notifications::delivery::Senders;
use diesel::QueryResult;
use std::time::Duration;

/// Runs every job each `period`, for as long as the server runs.
pub fn spawn_scheduler(state: AppState, period: Duration) -> Result<(), String> {
    let senders = std::sync::Arc::new(Senders::new(&state.config)?);
    actix_web::rt::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let state = state.clone();
            let senders = senders.clone();
            let ran = actix_web::web::block(move || run_all(&state, &senders)).await;
            if let Err(error) = ran {
                tracing::error!(%error, "the scheduled jobs could not run this time");
            }
        }
    });
    Ok(())
}

fn run_all(state: &AppState, senders: &Senders) {
    let now = state.clock.now();
    let metrics = &state.metrics;
    match purge::run(&state.pool, now) {
        Ok(report) => {
            metrics.purged("sessions", report.sessions);
            metrics.purged("refresh_tokens", report.refresh_tokens);
            metrics.purged("registrations", report.registrations);
            metrics.purged("messages", report.messages);
            metrics.purged("idempotency_keys", report.idempotency_keys);
        }
        Err(error) => tracing::error!(error = %error, "purge failed"),
    }
    match deliver::run(&state.pool, &state.config, senders, &*state.clock) {
        Ok(report) => {
            metrics.delivered("sent", report.sent);
            metrics.delivered("retried", report.retried);
            metrics.delivered("given_up", report.given_up);
        }
        Err(error) => tracing::error!(error = %error, "delivery failed"),
    }
}

/// On PostgreSQL, takes the job's advisory lock for the current transaction; false when another
/// instance holds it (this one then skips the batch). SQLite serialises writers by itself.
pub(crate) fn try_lock(conn: &mut DbConnection, key: i32) -> QueryResult<bool> {
    match conn {
        DbConnection::Postgresql(pg) => {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct Locked {
                #[diesel(sql_type = diesel::sql_types::Bool)]
                locked: bool,
            }
            // Advisory locks are database-wide: the schema is part of the key, so that
            // deployments (or test runs) in other schemas of the same database never collide.
            let query =
                "SELECT pg_try_advisory_xact_lock(hashtext(current_schema()), $1) AS locked";
            let locked: Locked = diesel::sql_query(query)
                .bind::<diesel::sql_types::Integer, _>(key)
                .get_result(pg)?;
            Ok(locked.locked)
        }
        DbConnection::Sqlite(_) => Ok(true),
    }
}
