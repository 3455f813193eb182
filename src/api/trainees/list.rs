use super::TraineeView;
use crate::AppState;
use crate::auth::Actor;
use crate::error::{AppResult, Problem};
use crate::ids::SessionId;
use crate::store::access::Access;
use crate::store::trainees;
use actix_web::{get, web};

/// The session's trainees.
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The trainees", body = Vec<TraineeView>),
        (status = 404, description = "No such session, or not visible to the caller", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/trainees")]
pub async fn list_trainees(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
) -> AppResult<web::Json<Vec<TraineeView>>> {
    let id = id.into_inner();
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            trainees::of_visible_session(conn, &access, &id)
        })
        .await?;
    Ok(web::Json(
        records.into_iter().map(TraineeView::from).collect(),
    ))
}
