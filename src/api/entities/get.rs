use super::EntityView;
use crate::AppState;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::{AppError, AppResult};
use crate::ids::EntityId;
use crate::store::entities;
use actix_web::{get, web};

/// One entity, if the caller may see it.
#[utoipa::path(
    tag = "entities",
    params(("id" = EntityId, Path, description = "The entity's id")),
    responses(
        (status = 200, description = "The entity", body = EntityView),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/entities/{id}")]
pub async fn get_entity(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
) -> AppResult<web::Json<EntityView>> {
    let id = id.into_inner();
    let record = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_visible(conn, &access, &id)?.ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(web::Json(record.try_into()?))
}
