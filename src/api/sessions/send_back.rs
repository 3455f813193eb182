use super::steps::take;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::auth::Actor;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::moves::{self};
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReturnInput {
    /// Why the session goes back to the entity: required.
    #[schema(example = "Date de naissance de Mme Martin à corriger")]
    pub comment: String,
}

/// The trainer sends the session back to the entity with a comment (awaiting_trainer → returned).
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body = ReturnInput,
    responses(
        (status = 200, description = "Returned", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotTheTrainer,
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/return")]
pub async fn return_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    body: JsonBody<ReturnInput>,
) -> AppResult<HttpResponse> {
    let comment = body.into_inner().comment;
    take(
        &state,
        actor,
        id.into_inner(),
        &req,
        move |conn, config, access, target, now| {
            moves::send_back(conn, config, access, target, &comment, now)
        },
    )
    .await
}
