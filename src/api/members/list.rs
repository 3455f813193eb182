use super::Member;
use crate::AppState;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::{AppError, AppResult};
use crate::ids::EntityId;
use crate::store::{entities, members};
use actix_web::{get, web};

/// The entity's managers and signatories.
#[utoipa::path(
    tag = "entities",
    params(("id" = EntityId, Path, description = "The entity's id")),
    responses(
        (status = 200, description = "The members", body = Vec<Member>),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/entities/{id}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
) -> AppResult<web::Json<Vec<Member>>> {
    let id = id.into_inner();
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_visible(conn, &access, &id)?.ok_or_else(AppError::not_found)?;
            Ok(members::of_entity(conn, &id)?)
        })
        .await?;
    let members = records
        .into_iter()
        .map(Member::try_from)
        .collect::<AppResult<_>>()?;
    Ok(web::Json(members))
}
