use super::{RequestContent, RequestView, load_view};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::RequestId;
use crate::workflow::requests::draft;
use actix_web::{patch, web};

/// Replace the kind, items and documents of a draft, or of a request sent back for documents.
#[utoipa::path(
    tag = "habilitation requests",
    params(("id" = RequestId, Path, description = "The request's id")),
    request_body = RequestContent,
    responses(
        (status = 200, description = "Changed", body = RequestView),
        (status = 403, description = "The caller may see the request but not act for the entity", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::RequestNotFound,
        (status = 409, description = "No longer in the entity's hands (`request.not_editable`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/habilitation-requests/{id}")]
pub async fn update_request(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<RequestId>,
    body: JsonBody<RequestContent>,
) -> AppResult<web::Json<RequestView>> {
    let id = id.into_inner();
    let content = body.into_inner().into_draft();
    let now = state.clock.now();
    let view = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                draft::update(conn, &access, &id, &content, now)?;
                load_view(conn, &access, &id)
            })
        })
        .await?;
    Ok(web::Json(view))
}
