//! `/api/v1/sessions`: certification sessions, declared by an entity's managers or the
//! habilitation's delegates. Every answer carries an `ETag`; a write with a stale `If-Match` is
//! refused with 412.

pub mod cancel;
pub mod certificates;
pub mod close;
pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod results;
pub mod results_export;
pub mod send_back;
pub mod send_results;
pub mod steps;
pub mod submit;
pub mod update;

use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::session::{self, SessionKind, SessionStatus};
use crate::error::{AppError, AppResult};
use crate::ids::{EntityId, HabilitationId, SessionId};
use crate::store::sessions::{self as store, SessionDetail, Viewer};
use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionTrainer {
    pub forprev_number: ForprevNumber,
    pub family_name: String,
    pub given_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Session)]
pub struct SessionView {
    pub id: SessionId,
    pub habilitation_id: HabilitationId,
    pub entity_id: EntityId,
    #[schema(example = "SST")]
    pub scheme_code: String,
    pub level: i32,
    pub kind: SessionKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub hours: i32,
    pub place: String,
    pub trainer: SessionTrainer,
    pub status: SessionStatus,
    /// The last day to close it: 3 months after its last day.
    pub closure_deadline: NaiveDate,
    /// The trainer's comment when it returned the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Once closed: how many certificates it issued (one per passed trainee).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_count: Option<i32>,
    /// When its certificates were marked downloaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificates_downloaded_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The session as the caller may see it, and its version (the ETag).
pub fn load(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
) -> AppResult<(SessionView, i32)> {
    let detail = store::find_visible_detail(conn, &Viewer::Access(access), id)?
        .ok_or_else(AppError::not_found)?;
    view(detail)
}

/// The session as its caller reads it. A person's read is one statement, its grants read in it;
/// when it finds nothing, the caller's access says why (a disabled account answers 401) or it is
/// a 404. Partner software's client is checked first.
pub fn read(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &SessionId,
) -> AppResult<(SessionView, i32)> {
    if actor.client_id.is_none() {
        let person = Viewer::Person(&actor.user_id);
        if let Some(detail) = store::find_visible_detail(conn, &person, id)? {
            return view(detail);
        }
    }
    let access = Access::of(conn, actor)?;
    load(conn, &access, id)
}

pub fn view(detail: SessionDetail) -> AppResult<(SessionView, i32)> {
    let SessionDetail {
        record,
        scheme_code,
        level,
        trainer_forprev_number,
        trainer_family_name,
        trainer_given_name,
        certificate_count,
        certificates_downloaded_at,
    } = detail;
    let status = SessionStatus::parse(&record.status)
        .ok_or_else(|| AppError::internal("unknown session status"))?;
    let closed = status == SessionStatus::Closed;
    let view = SessionView {
        id: record.id,
        habilitation_id: record.habilitation_id,
        entity_id: record.entity_id,
        scheme_code,
        level,
        kind: SessionKind::parse(&record.kind)
            .ok_or_else(|| AppError::internal("unknown session kind"))?,
        start_date: record.start_date,
        end_date: record.end_date,
        hours: record.hours,
        place: record.place,
        trainer: SessionTrainer {
            forprev_number: ForprevNumber::from_trusted(trainer_forprev_number),
            family_name: trainer_family_name,
            given_name: trainer_given_name,
        },
        status,
        closure_deadline: session::closure_deadline(record.end_date),
        return_comment: record.return_comment,
        closed_at: record.ended_at.filter(|_| closed).map(|at| at.and_utc()),
        certificate_count: certificate_count.filter(|_| closed),
        certificates_downloaded_at: certificates_downloaded_at
            .filter(|_| closed)
            .map(|at| at.and_utc()),
        created_at: record.created_at.and_utc(),
        updated_at: record.updated_at.and_utc(),
    };
    Ok((view, record.version))
}

/// An answer carrying the session and its `ETag`.
pub fn respond(
    mut builder: HttpResponseBuilder,
    (view, version): (SessionView, i32),
) -> HttpResponse {
    builder
        .insert_header((ETAG, format!("\"{version}\"")))
        .json(view)
}

/// The client's `If-Match`, if it sent one other than `*`.
pub fn if_match(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(IF_MATCH)?
        .to_str()
        .unwrap_or("\u{0}")
        .trim();
    (value != "*").then(|| value.to_owned())
}

/// The refusals every write to a session can answer, for its OpenAPI operation.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // describes responses; never built
pub enum SessionWriteRefusals {
    /// No such session, or not visible to the caller
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Not possible in the session's status (`session.illegal_transition`, `session.not_editable`)
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The session changed since the caller read it: `If-Match` names another version (`session.stale`)
    #[response(status = 412, content_type = "application/problem+json")]
    Stale(Problem),
}
