//! The outbox: messages to send, written with the event they tell, leased and marked by the
//! delivery job.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{outbox, outbox_attachments};
use crate::ids::SessionId;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

pub const EMAIL: &str = "email";
pub const WEBHOOK: &str = "webhook";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct MessageRecord {
    pub id: String,
    pub channel: String,
    /// An e-mail address, or an API client's id.
    pub recipient: String,
    pub topic: String,
    pub subject: Option<String>,
    pub body: String,
    pub dedupe_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub leased_until: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

pub struct NewMessage<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    pub topic: &'a str,
    pub subject: Option<&'a str>,
    pub body: &'a str,
    /// Set for a message that must be queued once only (a recurring check's alert).
    pub dedupe_key: Option<&'a str>,
    /// The session it tells about: the message is deleted with it.
    pub session_id: Option<&'a SessionId>,
    /// Files an e-mail carries, in order.
    pub attachments: &'a [Attachment],
}

/// A file an e-mail carries.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = outbox_attachments)]
pub struct Attachment {
    pub file_name: String,
    /// Its MIME type (`application/pdf`).
    pub content_type: String,
    pub content: Vec<u8>,
}

/// Queues the message, in the caller's transaction; false when its dedupe key was queued before.
pub fn enqueue(
    conn: &mut DbConnection,
    message: NewMessage<'_>,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    if let Some(key) = message.dedupe_key {
        let queued = diesel::select(diesel::dsl::exists(
            outbox::table.filter(outbox::dedupe_key.eq(key)),
        ))
        .get_result::<bool>(conn)?;
        if queued {
            return Ok(false);
        }
    }
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(&id),
            outbox::channel.eq(message.channel),
            outbox::recipient.eq(message.recipient),
            outbox::topic.eq(message.topic),
            outbox::subject.eq(message.subject),
            outbox::body.eq(message.body),
            outbox::dedupe_key.eq(message.dedupe_key),
            outbox::session_id.eq(message.session_id),
            outbox::created_at.eq(naive(now)),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(naive(now)),
        ))
        .execute(conn)?;
    for (position, attachment) in (0..).zip(message.attachments) {
        diesel::insert_into(outbox_attachments::table)
            .values((
                outbox_attachments::message_id.eq(&id),
                outbox_attachments::position.eq(position),
                outbox_attachments::file_name.eq(&attachment.file_name),
                outbox_attachments::content_type.eq(&attachment.content_type),
                outbox_attachments::content.eq(&attachment.content),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Deletes the message queued under `dedupe_key` unless it was sent or given up (with its
/// files); a send under way finds it gone and records nothing.
pub fn withdraw(conn: &mut DbConnection, dedupe_key: &str) -> QueryResult<()> {
    diesel::delete(
        outbox::table
            .filter(outbox::dedupe_key.eq(dedupe_key))
            .filter(outbox::delivered_at.is_null())
            .filter(outbox::failed_at.is_null()),
    )
    .execute(conn)
    .map(drop)
}

/// The files the message carries, in order.
pub fn attachments(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<Attachment>> {
    outbox_attachments::table
        .filter(outbox_attachments::message_id.eq(id))
        .order(outbox_attachments::position)
        .select(Attachment::as_select())
        .load(conn)
}

/// A message's files are not kept once it is delivered or given up: a certificate sent to its
/// trainee is the trainee's, not ours to keep until the session's deletion.
fn drop_attachments(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(outbox_attachments::table.filter(outbox_attachments::message_id.eq(id)))
        .execute(conn)
        .map(drop)
}

/// How many messages wait to be sent, and how old the oldest is (seconds; 0 when none).
pub fn pending(conn: &mut DbConnection, now: DateTime<Utc>) -> QueryResult<(i64, f64)> {
    let (count, oldest): (i64, Option<NaiveDateTime>) = outbox::table
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::failed_at.is_null())
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(outbox::created_at),
        ))
        .first(conn)?;
    let age = oldest.map_or(0.0, |oldest| {
        (now.naive_utc() - oldest).num_milliseconds() as f64 / 1000.0
    });
    Ok((count, age))
}

/// Messages due now, oldest first: not delivered, not given up, not leased by anyone.
pub fn due(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<MessageRecord>> {
    outbox::table
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(naive(now)))
        .filter(
            outbox::leased_until
                .is_null()
                .or(outbox::leased_until.lt(naive(now))),
        )
        .order(outbox::created_at)
        .limit(limit)
        .select(MessageRecord::as_select())
        .load(conn)
}

/// Takes the message for this instance until `until`; false if another instance took it first.
pub fn lease(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> QueryResult<bool> {
    let taken = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::delivered_at.is_null())
            .filter(outbox::failed_at.is_null())
            .filter(
                outbox::leased_until
                    .is_null()
                    .or(outbox::leased_until.lt(naive(now))),
            ),
    )
    .set(outbox::leased_until.eq(naive(until)))
    .execute(conn)?;
    Ok(taken == 1)
}

pub fn delivered(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::delivered_at.eq(naive(now)),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::leased_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    drop_attachments(conn, id)
}

/// Records a failed attempt: tried again at `retry_at`, or given up when `retry_at` is none.
pub fn failed(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::leased_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
            outbox::next_attempt_at.eq(naive(retry_at.unwrap_or(now))),
            outbox::failed_at.eq(retry_at.is_none().then_some(naive(now))),
        ))
        .execute(conn)?;
    if retry_at.is_none() {
        drop_attachments(conn, id)?;
    }
    Ok(())
}

/// Webhook calls to this API client that failed (given up, or failing and retried), latest first.
pub fn failed_webhooks(
    conn: &mut DbConnection,
    client: &str,
    limit: i64,
) -> QueryResult<Vec<MessageRecord>> {
    outbox::table
        .filter(outbox::channel.eq(WEBHOOK))
        .filter(outbox::recipient.eq(client))
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::last_error.is_not_null())
        .order(outbox::created_at.desc())
        .limit(limit)
        .select(MessageRecord::as_select())
        .load(conn)
}
