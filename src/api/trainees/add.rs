use super::TraineeView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::api::sessions::if_match;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::trainees::TraineeInput;
use crate::workflow::trainees::add;
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTrainees {
    /// One or many (at most 50): all are added, or none.
    pub trainees: Vec<TraineeInput>,
}

/// Add trainees to a draft or returned session (its runners), up to the scheme's maximum.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body = NewTrainees,
    responses(
        (status = 201, description = "Added", body = Vec<TraineeView>,
            headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotARunner,
        (status = 422, description = "`trainee.batch_size`: 1 to 50 per call; `session.too_many_trainees`: \
            past the scheme's maximum; `request.invalid_fields`, `trainee.duplicate`", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/trainees")]
pub async fn add_trainees(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    body: JsonBody<NewTrainees>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let inputs = body.into_inner().trainees;
    let now = state.clock.now();
    let (added, version) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                add::add(conn, &access, &id, expected.as_deref(), &inputs, now)
            })
        })
        .await?;
    let added: Vec<_> = added.into_iter().map(TraineeView::from).collect();
    Ok(HttpResponse::Created()
        .insert_header((ETAG, format!("\"{version}\"")))
        .json(added))
}
