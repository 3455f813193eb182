use super::{read, respond};
use crate::AppState;
use crate::auth::Actor;
use crate::error::AppResult;
use crate::ids::SessionId;
use actix_web::{HttpResponse, get, web};

/// One session, with its `ETag`.
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = super::SessionView,
            headers(("ETag" = String, description = "The session's version"))),
        crate::api::refusals::SessionNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}")]
pub async fn get_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let session = state.read(move |conn, _| read(conn, &actor, &id)).await?;
    Ok(respond(HttpResponse::Ok(), session))
}
