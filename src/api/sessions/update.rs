use super::{if_match, load, respond};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::session::SessionKind;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::plan::{self, PlanChange};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SessionPatch {
    pub kind: Option<SessionKind>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub hours: Option<i32>,
    pub place: Option<String>,
    #[schema(value_type = Option<String>, example = "TRN00001")]
    pub trainer_forprev_number: Option<ForprevNumber>,
}

/// Change a draft or returned session; every rule of its declaration is checked again.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; a stale one answers 412"),
    ),
    request_body = SessionPatch,
    responses(
        (status = 200, description = "Changed", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session (`session.not_a_runner`)", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[patch("/sessions/{id}")]
pub async fn update_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    body: JsonBody<SessionPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let patch = body.into_inner();
    let change = PlanChange {
        kind: patch.kind,
        start_date: patch.start_date,
        end_date: patch.end_date,
        hours: patch.hours,
        place: patch.place,
        trainer: patch.trainer_forprev_number,
    };
    let now = state.clock.now();
    let session = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                plan::edit(conn, &access, &id, expected.as_deref(), change, now)?;
                load(conn, &access, &id)
            })
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), session))
}
