use super::TraineeView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::sessions::if_match;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees::TraineeRecord;
use crate::workflow::trainees::TraineeInput;
use crate::workflow::trainees::update;
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, patch, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

/// Absent fields stay; `null` clears the e-mail, the token or the Forprev number.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TraineePatch {
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::domain::fields::nullable")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::domain::fields::nullable")]
    pub prior_certificate_token: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::domain::fields::nullable")]
    pub forprev_number: Option<Option<ForprevNumber>>,
    pub send_certificate: Option<bool>,
}

impl TraineePatch {
    /// The trainee as it would be once patched.
    pub fn applied_to(self, current: &TraineeRecord) -> TraineeInput {
        TraineeInput {
            family_name: self
                .family_name
                .unwrap_or_else(|| current.family_name.clone()),
            given_name: self
                .given_name
                .unwrap_or_else(|| current.given_name.clone()),
            birth_date: self.birth_date.unwrap_or(current.birth_date),
            email: self.email.unwrap_or_else(|| current.email.clone()),
            prior_certificate_token: self
                .prior_certificate_token
                .unwrap_or_else(|| current.prior_certificate_token.clone()),
            forprev_number: match self.forprev_number {
                Some(number) => number,
                None => current
                    .forprev_number
                    .clone()
                    .map(ForprevNumber::from_trusted),
            },
            send_certificate: self.send_certificate.unwrap_or(current.send_certificate),
        }
    }
}

/// Change a trainee of a draft or returned session.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("trainee_id" = TraineeId, Path, description = "The trainee's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body = TraineePatch,
    responses(
        (status = 200, description = "Changed", body = TraineeView,
            headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotARunner,
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[patch("/sessions/{id}/trainees/{trainee_id}")]
pub async fn update_trainee(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(SessionId, TraineeId)>,
    req: HttpRequest,
    body: JsonBody<TraineePatch>,
) -> AppResult<HttpResponse> {
    let (id, trainee_id) = path.into_inner();
    let expected = if_match(&req);
    let patch = body.into_inner();
    let now = state.clock.now();
    let (updated, version) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                update::update(
                    conn,
                    &access,
                    (&id, &trainee_id),
                    expected.as_deref(),
                    |current| patch.applied_to(current),
                    now,
                )
            })
        })
        .await?;
    let view = TraineeView::from(updated);
    Ok(HttpResponse::Ok()
        .insert_header((ETAG, format!("\"{version}\"")))
        .json(view))
}
