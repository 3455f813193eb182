use super::if_match;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::plan;
use actix_web::{HttpRequest, HttpResponse, delete, web};

/// Delete a draft (a submitted session is cancelled instead, and kept 15 days).
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; a stale one answers 412"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a runner of the session (`session.not_a_runner`)", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[delete("/sessions/{id}")]
pub async fn delete_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| plan::delete(conn, &access, &id, expected.as_deref()))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
