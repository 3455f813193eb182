use super::TraineeView;
use crate::AppState;
use crate::api::pagination::{Page, PageQuery};
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::store::trainees;
use actix_web::{get, web};

/// The session's trainees, in the order they were added, by page.
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id"), PageQuery),
    responses(
        (status = 200, description = "The trainees", body = Page<TraineeView>),
        (status = 400, description = "A bad `limit` or `cursor` (`request.invalid_query`)", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::SessionNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/trainees")]
pub async fn list_trainees(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<Page<TraineeView>>> {
    let id = id.into_inner();
    let limit = page.limit()?;
    let after: Option<TraineeId> = page.cursor()?;
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            trainees::page_of_visible_session(conn, &access, &id, after.as_ref(), limit + 1)
        })
        .await?;
    let views = records.into_iter().map(TraineeView::from).collect();
    Ok(web::Json(Page::new(
        views,
        limit,
        |trainee: &TraineeView| trainee.id.to_string(),
    )))
}
