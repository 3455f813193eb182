use super::{if_match, load, respond};
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::close;
use actix_web::{HttpRequest, HttpResponse, post, web};

/// Close a validated session (its runners, by the closure deadline): one PDF certificate per
/// passed trainee, kept as one zip until the session is deleted 15 days later. In a trainers'
/// session (level 2), each passed trainee becomes a trainer. All of it or nothing: a second
/// close, even a simultaneous one, answers 409.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    responses(
        (status = 200, description = "Closed; its certificates can be downloaded", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`session.closure_deadline`: past the last day to close it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/close")]
pub async fn close_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let now = state.clock.now();
    let (issued, session) = state
        .db(move |conn, state| {
            let access = Access::of(conn, &actor)?;
            let target = (&id, expected.as_deref());
            let settings = (&*state.config, &*state.signer);
            let issued = close::close(conn, settings, &access, target, now)?;
            Ok((issued, load(conn, &access, &id)?))
        })
        .await?;
    state
        .metrics
        .certificates_issued
        .inc_by(u64::try_from(issued).unwrap_or(0));
    Ok(respond(HttpResponse::Ok(), session))
}
