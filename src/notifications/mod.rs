//! What the events of the workflow tell, and to whom: e-mails to people and webhook calls to
//! partner software, queued in the outbox in the same transaction as the event (so a rolled-back
//! step sends nothing), delivered by the `deliver` job.

pub mod delivery;

use crate::certificates::{Card, calendar};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::api_client::ClientStatus;
use crate::domain::certificate;
use crate::domain::grant::Role;
use crate::domain::notification::{self, Mail};
use crate::domain::session::{self, SessionStatus};
use crate::error::AppResult;
use crate::ids::{EntityId, RequestId, SessionId, TraineeId};
use crate::store::outbox::{self, Attachment, NewMessage};
use crate::store::sessions::SessionRecord;
use crate::store::{api_clients, entities, members, trainer_profiles, users};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A webhook call's body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookEvent {
    /// `session.submitted`, `session.returned`, `session.validated`, `session.closed` or
    /// `habilitation.decided`.
    pub event: String,
    pub occurred_at: DateTime<Utc>,
    pub entity_id: EntityId,
    /// The session's or the habilitation request's id.
    pub resource_id: String,
    /// The session's status, or the decision (`granted`, `refused`).
    pub status: String,
}

/// The e-mail addresses of the entity's managers.
fn managers(conn: &mut DbConnection, entity: &EntityId) -> AppResult<Vec<String>> {
    Ok(members::of_entity(conn, entity)?
        .into_iter()
        .filter(|member| member.role == Role::Manager.as_str())
        .map(|member| member.email)
        .collect())
}

/// Queues an e-mail; `session`: the session it tells about, with which it is deleted.
fn email(
    conn: &mut DbConnection,
    (to, session): (&str, Option<&SessionId>),
    topic: &str,
    (subject, body): Mail,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let message = NewMessage {
        channel: outbox::EMAIL,
        recipient: to,
        topic,
        subject: Some(&subject),
        body: &body,
        dedupe_key: None,
        session_id: session,
        attachments: &[],
    };
    outbox::enqueue(conn, message, now)?;
    Ok(())
}

/// Queues `event` for every active API client of the entity that registered a webhook;
/// `session`: the session it tells about, with which it is deleted.
fn webhooks(
    conn: &mut DbConnection,
    event: WebhookEvent,
    session: Option<&SessionId>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let body = serde_json::to_string(&event).map_err(crate::error::AppError::internal)?;
    for (client, status) in api_clients::of_entity(conn, &event.entity_id)? {
        if client.webhook_url.is_some() && status == ClientStatus::Active {
            let message = NewMessage {
                channel: outbox::WEBHOOK,
                recipient: client.id.as_str(),
                topic: &event.event,
                subject: None,
                body: &body,
                dedupe_key: None,
                session_id: session,
                attachments: &[],
            };
            outbox::enqueue(conn, message, now)?;
        }
    }
    Ok(())
}

/// A session moved to `to`: the trainer is alerted when it awaits it (if it asked to be), the
/// session's creator when it is returned or validated, partner software at every step it follows.
pub fn session_moved(
    conn: &mut DbConnection,
    config: &Config,
    (session, scheme_code): (&SessionRecord, &str),
    (to, comment): (SessionStatus, Option<&str>),
    now: DateTime<Utc>,
) -> AppResult<()> {
    let label = notification::session_label(
        scheme_code,
        session.start_date,
        session.end_date,
        &session.place,
    );
    let link = format!("{}/sessions/{}", config.public_url, session.id);
    let event = match to {
        SessionStatus::AwaitingTrainer => {
            if trainer_profiles::find(conn, &session.trainer_id)?.session_alerts
                && let Some(trainer) = users::find(conn, &session.trainer_id)?
            {
                let mail = notification::session_awaiting_trainer(&label, &link);
                let to = (trainer.email.as_str(), Some(&session.id));
                email(conn, to, "session.awaiting_trainer", mail, now)?;
            }
            "session.submitted"
        }
        SessionStatus::Returned | SessionStatus::Validated => {
            if let Some(creator) = users::find(conn, &session.created_by)? {
                let mail = if to == SessionStatus::Returned {
                    notification::session_returned(&label, comment.unwrap_or_default(), &link)
                } else {
                    notification::session_validated(
                        &label,
                        session::closure_deadline(session.end_date),
                        &link,
                    )
                };
                email(
                    conn,
                    (&creator.email, Some(&session.id)),
                    &format!("session.{}", to.as_str()),
                    mail,
                    now,
                )?;
            }
            if to == SessionStatus::Returned {
                "session.returned"
            } else {
                "session.validated"
            }
        }
        SessionStatus::Closed => "session.closed",
        _ => return Ok(()),
    };
    let event = WebhookEvent {
        event: event.into(),
        occurred_at: now,
        entity_id: session.entity_id.clone(),
        resource_id: session.id.to_string(),
        status: to.as_str().into(),
    };
    webhooks(conn, event, Some(&session.id), now)
}

/// The commission decided on a request: the entity's managers and its partner software hear it.
pub fn habilitation_decided(
    conn: &mut DbConnection,
    config: &Config,
    (entity, request): (&EntityId, &RequestId),
    granted: bool,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let name = entities::legal_name(conn, entity)?;
    let link = format!("{}/habilitation-requests/{request}", config.public_url);
    for manager in managers(conn, entity)? {
        let mail = notification::habilitation_decided(&name, granted, comment, &link);
        email(conn, (&manager, None), "habilitation.decided", mail, now)?;
    }
    let event = WebhookEvent {
        event: "habilitation.decided".into(),
        occurred_at: now,
        entity_id: entity.clone(),
        resource_id: request.to_string(),
        status: if granted { "granted" } else { "refused" }.into(),
    };
    webhooks(conn, event, None, now)
}

/// A passed trainee of a trainers' session got an account: its invitation to choose a password,
/// deleted with the session if not sent by then.
pub fn trainer_invited(
    conn: &mut DbConnection,
    config: &Config,
    (email_address, given_name, number): (&str, &str, &str),
    (session, scheme_code): (&SessionId, &str),
    (token, expires): (&str, NaiveDate),
    now: DateTime<Utc>,
) -> AppResult<()> {
    let link = format!("{}/invitation?token={token}", config.public_url);
    let mail = notification::trainer_invitation(given_name, scheme_code, number, &link, expires);
    email(
        conn,
        (email_address, Some(session)),
        "trainer.invited",
        mail,
        now,
    )
}

/// A person added to an entity by e-mail got an account: its invitation to choose a password.
pub fn member_invited(
    conn: &mut DbConnection,
    config: &Config,
    (email_address, given_name, number): (&str, &str, &str),
    (entity, role): (&str, Role),
    (token, expires): (&str, NaiveDate),
    now: DateTime<Utc>,
) -> AppResult<()> {
    let link = format!("{}/invitation?token={token}", config.public_url);
    let role = if role == Role::Manager {
        "gestionnaire"
    } else {
        "signataire"
    };
    let mail = notification::member_invitation(given_name, (entity, role), number, &link, expires);
    email(conn, (email_address, None), "member.invited", mail, now)
}

/// A trainee who consented gets its own certificate (`pdf`, for `card`, of token `token_id`) by
/// e-mail, with a calendar file that reminds it of its MAC; `corrected` when it replaces an
/// earlier one. The calendar event is named by the trainee, so a corrected certificate's replaces
/// the first one.
pub fn certificate_copy(
    conn: &mut DbConnection,
    (to, session, trainee): (&str, &SessionId, &TraineeId),
    (card, pdf, token_id): (&Card, &[u8], &str),
    corrected: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mail = notification::certificate_copy(
        &card.given_name,
        (&card.scheme_code, &card.scheme_name),
        card.valid_until,
        certificate::mac_reminder(card.valid_until),
        corrected,
    );
    let file_name =
        certificate::file_names([(card.family_name.as_str(), card.given_name.as_str())]).concat();
    let attachments = [
        Attachment {
            file_name,
            content_type: "application/pdf".into(),
            content: pdf.to_vec(),
        },
        Attachment {
            file_name: notification::REMINDER_FILE.into(),
            content_type: "text/calendar; charset=utf-8".into(),
            content: calendar::reminder(card, &format!("{trainee}@forprev"), now).into_bytes(),
        },
    ];
    let key = copy_key(token_id);
    let message = NewMessage {
        channel: outbox::EMAIL,
        recipient: to,
        topic: "certificate.copy",
        subject: Some(&mail.0),
        body: &mail.1,
        dedupe_key: Some(&key),
        session_id: Some(session),
        attachments: &attachments,
    };
    outbox::enqueue(conn, message, now)?;
    Ok(())
}

/// The copy of the certificate of token `token_id` is not sent if it has not been yet: the
/// certificate was corrected, and a superseded card is no use to its holder.
pub fn certificate_copy_withdrawn(conn: &mut DbConnection, token_id: &str) -> AppResult<()> {
    outbox::withdraw(conn, &copy_key(token_id))?;
    Ok(())
}

fn copy_key(token_id: &str) -> String {
    format!("certificate.copy:{token_id}")
}

/// Habilitations ending within 6 months: their entity's managers are told once per end date, and
/// again when the purge has removed that alert (30 days after it was sent): a monthly reminder
/// until the habilitation is renewed.
pub fn habilitations_expiring(
    conn: &mut DbConnection,
    config: &Config,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let mut queued = 0;
    for (habilitation, entity, scheme, level, until) in
        crate::store::habilitations::ending_within_renewal_window(conn, today)?
    {
        let name = entities::legal_name(conn, &entity)?;
        let link = format!("{}/habilitations/{habilitation}", config.public_url);
        for manager in managers(conn, &entity)? {
            let (subject, body) =
                notification::habilitation_expiring(&name, &scheme, level, until, &link);
            let key = format!("habilitation.expiring:{habilitation}:{until}:{manager}");
            let message = NewMessage {
                channel: outbox::EMAIL,
                recipient: &manager,
                topic: "habilitation.expiring",
                subject: Some(&subject),
                body: &body,
                dedupe_key: Some(&key),
                session_id: None,
                attachments: &[],
            };
            if outbox::enqueue(conn, message, now)? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
