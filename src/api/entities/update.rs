use super::EntityView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::workflow::entities::{self, input::EntityPatch};
use actix_web::{patch, web};

/// Change an entity (its managers, or an admin), the SIRET included (as a renewal allows).
/// A new postal code may move the entity to another caisse.
#[utoipa::path(
    tag = "entities",
    params(("id" = EntityId, Path, description = "The entity's id")),
    request_body = EntityPatch,
    responses(
        (status = 200, description = "The changed entity", body = EntityView),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
        (status = 409, description = "Another entity has this SIRET (`entity.siret_taken`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/entities/{id}")]
pub async fn update_entity(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
    body: JsonBody<EntityPatch>,
) -> AppResult<web::Json<EntityView>> {
    let id = id.into_inner();
    let patch = body.into_inner();
    let now = state.clock.now();
    let record = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| entities::update(conn, &access, &id, patch, now))
        })
        .await?;
    Ok(web::Json(record.try_into()?))
}
