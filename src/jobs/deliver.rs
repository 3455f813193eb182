//! Delivery of the outbox: each due message is leased (so no other instance sends it), sent,
//! then marked delivered, or tried again later with a growing delay, or given up. Also queues
//! the alerts of habilitations that end within 6 months (see `habilitations_expiring`).
//!
//! Sends run concurrently, in lanes: each e-mail is a lane of its own, and an entity's webhook
//! calls share one lane, sent in turn. A slow partner endpoint thus holds up its own entity's
//! calls only, never e-mails or other entities' calls. Every instant (the lease, the signature's
//! time, `delivered_at`) is read from the clock when the message is sent, however long the run.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{DbConnection, Pool};
use crate::domain::notification;
use crate::error::{AppError, AppResult};
use crate::ids::{ApiClientId, EntityId};
use crate::notifications::delivery::{Failure, Senders};
use crate::notifications::{self};
use crate::store::api_clients;
use crate::store::outbox::{self, Attachment, MessageRecord};
use chrono::Duration;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

/// Messages taken per run.
const BATCH: i64 = 200;
/// How long a message stays leased to the instance sending it: far longer than a send may take
/// (`WEBHOOK_TIMEOUT`, the SMTP timeout).
const LEASE: Duration = Duration::minutes(5);
/// Lanes sent at once.
pub const CONCURRENT_SENDS: usize = 8;

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
    clock: &dyn Clock,
) -> AppResult<Report> {
    let now = clock.now();
    let (queued_alerts, lanes) = {
        let conn = &mut *pool.get()?;
        let queued_alerts = conn.write_transaction(|conn| {
            notifications::habilitations_expiring(conn, config, now.date_naive(), now)
        })?;
        let due = outbox::due(conn, now, BATCH)?;
        (queued_alerts, lanes(conn, due)?)
    };
    let workers = CONCURRENT_SENDS.min(lanes.len());
    let lanes = Mutex::new(lanes);
    let report = Mutex::new(Report {
        queued_alerts,
        ..Report::default()
    });
    let outcomes: Vec<AppResult<()>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> AppResult<()> {
                    while let Some(lane) = next(&lanes) {
                        for message in lane {
                            send(pool, senders, clock, &message, &report)?;
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err(AppError::internal("a delivery worker panicked")))
            })
            .collect()
    });
    outcomes.into_iter().collect::<AppResult<()>>()?;
    Ok(report
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner()))
}

fn next(lanes: &Mutex<VecDeque<Vec<MessageRecord>>>) -> Option<Vec<MessageRecord>> {
    lanes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .pop_front()
}

/// The due messages in lanes: e-mails first, one lane each, then one lane per entity for its
/// webhook calls (a call whose client is gone is a lane of its own).
fn lanes(
    conn: &mut DbConnection,
    due: Vec<MessageRecord>,
) -> AppResult<VecDeque<Vec<MessageRecord>>> {
    let mut lanes = VecDeque::new();
    let mut by_entity: BTreeMap<EntityId, Vec<MessageRecord>> = BTreeMap::new();
    for message in due {
        let entity = match message.channel.as_str() {
            outbox::WEBHOOK => match message.recipient.parse::<ApiClientId>() {
                Ok(client) => api_clients::find(conn, &client)?.map(|client| client.entity_id),
                Err(_) => None,
            },
            _ => None,
        };
        match entity {
            Some(entity) => by_entity.entry(entity).or_default().push(message),
            None => lanes.push_back(vec![message]),
        }
    }
    lanes.extend(by_entity.into_values());
    Ok(lanes)
}

/// What a leased message needs to travel.
enum Target {
    /// An e-mail, with the files it carries.
    Email(Vec<Attachment>),
    /// A webhook call: the client's URL and secret.
    Webhook((String, String)),
    /// Nowhere: an unknown channel, or a client gone or without a webhook.
    Gone,
}

/// Leases the message at the clock's present, sends it, and records the outcome. A message that
/// another instance leased first is left to it.
fn send(
    pool: &Pool,
    senders: &Senders,
    clock: &dyn Clock,
    message: &MessageRecord,
    report: &Mutex<Report>,
) -> AppResult<()> {
    let leased_at = clock.now();
    let target = {
        let conn = &mut *pool.get()?;
        if !outbox::lease(conn, &message.id, leased_at, leased_at + LEASE)? {
            return Ok(());
        }
        match message.channel.as_str() {
            outbox::EMAIL => Target::Email(outbox::attachments(conn, &message.id)?),
            outbox::WEBHOOK => match webhook_of(conn, &message.recipient)? {
                Some(webhook) => Target::Webhook(webhook),
                None => Target::Gone,
            },
            _ => Target::Gone,
        }
    };
    // No connection is held while the message travels.
    let sent = match target {
        Target::Email(attachments) => senders.email(message, attachments),
        Target::Webhook((url, secret)) => {
            senders.webhook(message, (&url, &secret), clock.now().timestamp())
        }
        Target::Gone => Err(Failure::Undeliverable),
    };
    let now = clock.now();
    let conn = &mut *pool.get()?;
    let counter = match sent {
        Ok(()) => {
            outbox::delivered(conn, &message.id, now)?;
            |report: &mut Report| report.sent += 1
        }
        Err(failure) => {
            let retry_at = notification::retry_delay(message.attempts + 1)
                .filter(|_| failure.retryable())
                .map(|delay| now + delay);
            let category = failure.describe();
            tracing::warn!(id = %message.id, topic = %message.topic, failure = %category, retry = retry_at.is_some(), "delivery failed");
            outbox::failed(conn, &message.id, &category, retry_at, now)?;
            if retry_at.is_some() {
                |report: &mut Report| report.retried += 1
            } else {
                |report: &mut Report| report.given_up += 1
            }
        }
    };
    counter(
        &mut report
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    Ok(())
}

/// The client's webhook (URL, secret), while the client is active.
fn webhook_of(conn: &mut DbConnection, client: &str) -> AppResult<Option<(String, String)>> {
    let Ok(id) = client.parse::<ApiClientId>() else {
        return Ok(None);
    };
    Ok(api_clients::find_active(conn, &id)?
        .and_then(|client| client.webhook_url.zip(client.webhook_secret)))
}
