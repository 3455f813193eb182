//! `GET|PUT /api/v1/sessions/{id}/results`: the trainer checks each trainee's identity and marks
//! each one passed or failed, while the session awaits it.

use super::if_match;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::session::Outcome;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees::{self, TraineeRecord};
use crate::workflow::sessions::results::{self, Mark};
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TraineeResult {
    pub trainee_id: TraineeId,
    pub family_name: String,
    pub given_name: String,
    pub identity_checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResultInput {
    pub trainee_id: TraineeId,
    pub identity_checked: bool,
    pub outcome: Outcome,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResultsInput {
    /// Some or all trainees; the others keep their marks.
    pub results: Vec<ResultInput>,
}

fn results_of(records: Vec<TraineeRecord>) -> Vec<TraineeResult> {
    records
        .into_iter()
        .map(|record| TraineeResult {
            outcome: record.outcome.as_deref().and_then(Outcome::parse),
            trainee_id: record.id,
            family_name: record.family_name,
            given_name: record.given_name,
            identity_checked: record.identity_checked,
        })
        .collect()
}

/// Each trainee's identity check and result.
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The results", body = Vec<TraineeResult>),
        crate::api::refusals::SessionNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/results")]
pub async fn get_results(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
) -> AppResult<web::Json<Vec<TraineeResult>>> {
    let id = id.into_inner();
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            trainees::of_visible_session(conn, &access, &id)
        })
        .await?;
    Ok(web::Json(results_of(records)))
}

/// Mark trainees (the session's trainer, while the session awaits it).
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body = ResultsInput,
    responses(
        (status = 200, description = "Every trainee's result", body = Vec<TraineeResult>,
            headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotTheTrainer,
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[put("/sessions/{id}/results")]
pub async fn put_results(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    body: JsonBody<ResultsInput>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let input = body.into_inner().results;
    let now = state.clock.now();
    let (records, version) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                let marks: Vec<_> = input
                    .into_iter()
                    .map(|result| Mark {
                        trainee_id: result.trainee_id,
                        identity_checked: result.identity_checked,
                        outcome: result.outcome,
                    })
                    .collect();
                results::record(conn, &access, &id, expected.as_deref(), &marks, now)
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((ETAG, format!("\"{version}\"")))
        .json(results_of(records)))
}
