//! `POST /sessions/{id}/trainees/{trainee_id}/correction`: a certificate corrected after closure.

use super::TraineeView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::workflow::trainees::correct::{self, Correction};
use actix_web::{post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

/// What to correct: at least one field that differs; an absent field stays.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionBody {
    #[schema(example = "Lefèvre-Garçon")]
    pub family_name: Option<String>,
    #[schema(example = "Éloïse")]
    pub given_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
}

/// Correct a passed trainee of a closed session (a misspelt name, a wrong birth date), until the
/// session's deletion, by its runners. Its certificate is issued again (same validity, new token)
/// and replaces the old one in the session's zip, to download again; the old token then verifies
/// as `superseded`. The correction is kept in the session's history. Results are not corrected
/// this way.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("trainee_id" = TraineeId, Path, description = "The trainee's id"),
    ),
    request_body = CorrectionBody,
    responses(
        (status = 200, description = "Corrected, its certificate issued again", body = TraineeView),
        crate::api::refusals::NotARunner,
        crate::api::refusals::SessionNotFound,
        (status = 409, description = "`session.not_closed`, `trainee.no_certificate` (it did not pass), or `trainee.corrected_meanwhile`",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`request.invalid_fields` (a name or birth date the rules refuse), `trainee.correction_empty`, or `trainee.duplicate` (another trainee of the session has that identity)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/trainees/{trainee_id}/correction")]
pub async fn correct_trainee(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(SessionId, TraineeId)>,
    body: JsonBody<CorrectionBody>,
) -> AppResult<web::Json<TraineeView>> {
    let (id, trainee_id) = path.into_inner();
    let body = body.into_inner();
    let correction = Correction {
        family_name: body.family_name,
        given_name: body.given_name,
        birth_date: body.birth_date,
    };
    let now = state.clock.now();
    let corrected = state
        .db(move |conn, state| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                correct::correct(
                    conn,
                    &state.signer,
                    &access,
                    (&id, &trainee_id),
                    correction,
                    now,
                )
            })
        })
        .await?;
    Ok(web::Json(TraineeView::from(corrected)))
}
