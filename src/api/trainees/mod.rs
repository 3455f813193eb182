//! `/api/v1/sessions/{id}/trainees`: who follows a session (`workflow::trainees`).

pub mod add;
pub mod correction;
pub mod import;
pub mod list;
pub mod proof;
pub mod remove;
pub mod update;

use crate::AppState;
use crate::api::multipart::{self, Upload};
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::ids::TraineeId;
use crate::store::trainees::TraineeRecord;
use crate::workflow::sessions::editable::editable;
use actix_web::{HttpRequest, web};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Trainee)]
pub struct TraineeView {
    pub id: TraineeId,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_certificate_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forprev_number: Option<ForprevNumber>,
    /// The trainee receives its certificate by e-mail at closure.
    pub send_certificate: bool,
    /// Set by the trainer.
    pub identity_checked: bool,
    /// `passed` or `failed`, set by the trainer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

impl From<TraineeRecord> for TraineeView {
    fn from(record: TraineeRecord) -> Self {
        TraineeView {
            id: record.id,
            family_name: record.family_name,
            given_name: record.given_name,
            birth_date: record.birth_date,
            email: record.email,
            prior_certificate_token: record.prior_certificate_token,
            forprev_number: record.forprev_number.map(ForprevNumber::from_trusted),
            send_certificate: record.send_certificate,
            identity_checked: record.identity_checked,
            outcome: record.outcome,
        }
    }
}

/// The form of an upload to a session's trainees, and its `file` (422 without one): who may
/// change the session (its runners, while it is editable, at the version `If-Match` names) is
/// checked before a byte of the body is read.
pub async fn upload_to_session(
    state: &AppState,
    actor: &Actor,
    (id, expected): (&SessionId, Option<&str>),
    (req, payload): (&HttpRequest, web::Payload),
    file_limit: usize,
) -> AppResult<(Upload, Vec<u8>)> {
    let (caller, session, version) = (actor.clone(), id.clone(), expected.map(str::to_owned));
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &caller)?;
            editable(conn, &access, &session, version.as_deref()).map(drop)
        })
        .await?;
    let mut upload = multipart::read(req, payload, file_limit).await?;
    let file = upload.file.take().ok_or_else(|| {
        AppError::new(
            Code::DocumentFileRequired,
            "Le formulaire doit contenir un fichier (file).",
        )
    })?;
    Ok((upload, file))
}
