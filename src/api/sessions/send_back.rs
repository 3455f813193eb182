use super::steps::take;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::session::Step;
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::workflow::sessions::steps::{StepRequest, Taker};
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
        (status = 403, description = "Not the session's trainer (`session.not_the_trainer`)", body = Problem,
            content_type = "application/problem+json"),
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
    let comment = body.into_inner().comment.trim().to_owned();
    let empty = comment.is_empty();
    let request = StepRequest {
        taker: Taker::Trainer,
        step: Step::Return,
        event: "returned",
        comment: Some(comment),
    };
    take(
        &state,
        actor,
        id.into_inner(),
        &req,
        request,
        move |_, _| {
            if empty {
                return Err(AppError::new(
                    Code::SessionCommentRequired,
                    "Un retour se motive.",
                ));
            }
            Ok(())
        },
    )
    .await
}
