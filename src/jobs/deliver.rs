//! Delivery of the outbox: each due message is leased (so no other instance sends it), sent,
//! then marked delivered, or tried again later with a growing delay, or given up. Also queues
//! the alerts of habilitations that end within 6 months (see `habilitations_expiring`).

use crate::config::Config;
use crate::db::Pool;
use crate::domain::notification;
use crate::error::AppResult;
use crate::ids::ApiClientId;
use crate::notifications::{self, delivery::Senders};
use crate::store::{api_clients, outbox};
use chrono::{DateTime, Duration, Utc};

/// Messages taken per run.
const BATCH: i64 = 200;
/// How long a message stays leased to the instance sending it.
const LEASE: Duration = Duration::minutes(5);

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub queued_alerts: usize,
    pub sent: usize,
    pub retried: usize,
    pub given_up: usize,
}

pub fn run(
    pool: &Pool,
    config: &Config,
    senders: &Senders,
    now: DateTime<Utc>,
) -> AppResult<Report> {
    let mut conn = pool.get()?;
    let conn = &mut *conn;
    let mut report = Report {
        queued_alerts: conn.write_transaction(|conn| {
            notifications::habilitations_expiring(conn, config, now.date_naive(), now)
        })?,
        ..Report::default()
    };
    for message in outbox::due(conn, now, BATCH)? {
        if !outbox::lease(conn, &message.id, now, now + LEASE)? {
            continue; // another instance took it
        }
        // An error, and whether trying again may help.
        let sent = match message.channel.as_str() {
            outbox::EMAIL => senders.email(&message).map_err(|error| (error, true)),
            outbox::WEBHOOK => match webhook_of(conn, &message.recipient)? {
                Some((url, secret)) => senders
                    .webhook(&message, (&url, &secret), now.timestamp())
                    .map_err(|error| (error, true)),
                None => Err(("the API client has no webhook any more".to_owned(), false)),
            },
            other => Err((format!("unknown channel {other}"), false)),
        };
        match sent {
            Ok(()) => {
                outbox::delivered(conn, &message.id, now)?;
                report.sent += 1;
            }
            Err((error, retryable)) => {
                let retry_at = notification::retry_delay(message.attempts + 1)
                    .filter(|_| retryable)
                    .map(|delay| now + delay);
                tracing::warn!(id = %message.id, topic = %message.topic, %error, retry = retry_at.is_some(), "delivery failed");
                outbox::failed(conn, &message.id, &error, retry_at, now)?;
                if retry_at.is_some() {
                    report.retried += 1;
                } else {
                    report.given_up += 1;
                }
            }
        }
    }
    Ok(report)
}

/// The client's webhook (URL, secret), while it is not revoked.
fn webhook_of(
    conn: &mut crate::db::DbConnection,
    client: &str,
) -> AppResult<Option<(String, String)>> {
    let Ok(id) = client.parse::<ApiClientId>() else {
        return Ok(None);
    };
    Ok(api_clients::find(conn, &id)?
        .filter(|client| client.revoked_at.is_none())
        .and_then(|client| client.webhook_url.zip(client.webhook_secret)))
}
