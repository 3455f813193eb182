use crate::AppState;
use crate::api::sessions::if_match;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::workflow::trainees::remove;
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, delete, web};

/// Remove a trainee from a draft or returned session.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("trainee_id" = TraineeId, Path, description = "The trainee's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    responses(
        (status = 204, description = "Removed", headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotARunner,
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[delete("/sessions/{id}/trainees/{trainee_id}")]
pub async fn remove_trainee(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(SessionId, TraineeId)>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (id, trainee_id) = path.into_inner();
    let expected = if_match(&req);
    let now = state.clock.now();
    let version = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                remove::remove(conn, &access, (&id, &trainee_id), expected.as_deref(), now)
            })
        })
        .await?;
    Ok(HttpResponse::NoContent()
        .insert_header((ETAG, format!("\"{version}\"")))
        .finish())
}
