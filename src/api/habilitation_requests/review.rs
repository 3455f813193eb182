use super::{RequestView, load_view};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::habilitation_request::Opinion;
use crate::error::AppResult;
use crate::ids::RequestId;
use crate::workflow::requests::review;
use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewInput {
    pub opinion: Opinion,
    /// Required for `unfavourable` and `more_documents`.
    pub comment: Option<String>,
}

/// The caisse's opinion (a network agent of the entity's caisse). `more_documents` sends the
/// request back to the entity, which completes it and transmits it again.
#[utoipa::path(
    tag = "habilitation requests",
    params(("id" = RequestId, Path, description = "The request's id")),
    request_body = ReviewInput,
    responses(
        (status = 200, description = "Reviewed", body = RequestView),
        (status = 403, description = "Not an agent of the entity's caisse (`request.review_forbidden`)",
            body = Problem, content_type = "application/problem+json"),
        crate::api::refusals::RequestNotFound,
        (status = 409, description = "Not awaiting review (`request.illegal_transition`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/habilitation-requests/{id}/review")]
pub async fn review_request(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<RequestId>,
    body: JsonBody<ReviewInput>,
) -> AppResult<web::Json<RequestView>> {
    let id = id.into_inner();
    let ReviewInput { opinion, comment } = body.into_inner();
    let now = state.clock.now();
    let view = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                review::review(conn, &access, &id, opinion, comment.as_deref(), now)?;
                load_view(conn, &access, &id)
            })
        })
        .await?;
    Ok(web::Json(view))
}
