//! A closed session's certificates: the zip, and the "downloaded" flag that clears the dashboard
//! task. Its runners (managers of the entity, delegates of the habilitation) reach them until the
//! session is deleted.

use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::session::SessionStatus;
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::session_archives;
use crate::store::sessions::SessionRecord;
use crate::workflow::sessions::steps::run_by;
use actix_web::{HttpResponse, get, post, web};

/// The session, if the caller runs it and it is closed (409 otherwise).
fn closed_session(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
) -> AppResult<(SessionRecord, String)> {
    let (record, scheme_code, _) = run_by(conn, access, id)?;
    if record.status != SessionStatus::Closed.as_str() {
        return Err(AppError::new(
            Code::SessionNotClosed,
            format!(
                "La session n'est pas clôturée ({}) : pas encore de certificats.",
                record.status
            ),
        ));
    }
    Ok((record, scheme_code))
}

/// Download the certificates of a closed session: a zip holding one PDF per passed trainee,
/// named after the trainee.
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The zip", content_type = "application/zip", body = crate::api::download::FileBytes,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"certificats-….zip\""))),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        crate::api::refusals::SessionNotFound,
        (status = 409, description = "`session.not_closed`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/certificates.zip")]
pub async fn download_certificates(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (file_name, zip) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            let (record, scheme_code) = closed_session(conn, &access, &id)?;
            let zip = session_archives::content(conn, &id)?
                .ok_or_else(|| AppError::internal("a closed session has no archive"))?;
            let file_name = format!(
                "certificats-{}-{}-{}.zip",
                scheme_code,
                record.end_date,
                &id.to_string()[..8]
            );
            Ok((file_name, zip))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(crate::api::download::attachment(&file_name))
        .body(zip))
}

/// Mark the certificates of a closed session as downloaded (clears the dashboard task; the zip
/// stays available until deletion).
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id")),
    responses(
        (status = 204, description = "Marked (marking again changes nothing)"),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        crate::api::refusals::SessionNotFound,
        (status = 409, description = "`session.not_closed`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/certificates/downloaded")]
pub async fn mark_downloaded(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let now = state.clock.now();
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            closed_session(conn, &access, &id)?;
            session_archives::mark_downloaded(conn, &id, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
