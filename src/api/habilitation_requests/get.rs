use super::{RequestView, load_view};
use crate::AppState;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::RequestId;
use actix_web::{get, web};

/// One request with its items, documents and history.
#[utoipa::path(
    tag = "habilitation requests",
    params(("id" = RequestId, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request", body = RequestView),
        crate::api::refusals::RequestNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/habilitation-requests/{id}")]
pub async fn get_request(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<RequestId>,
) -> AppResult<web::Json<RequestView>> {
    let id = id.into_inner();
    let view = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            load_view(conn, &access, &id)
        })
        .await?;
    Ok(web::Json(view))
}
