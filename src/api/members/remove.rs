use super::MemberRole;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Role;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::workflow::members;
use actix_web::{HttpResponse, delete, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberToRemove {
    pub role: MemberRole,
    #[param(value_type = String, pattern = "^[A-Z]{3}[0-9]{5}$", example = "JKA37899")]
    pub forprev_number: ForprevNumber,
}

/// Remove a manager or a signatory. The last manager cannot be removed.
#[utoipa::path(
    tag = "entities",
    params(("id" = EntityId, Path, description = "The entity's id"), MemberToRemove),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such entity or member", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "The last manager stays (`member.last_manager`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/entities/{id}/members")]
pub async fn remove_member(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
    query: web::Query<MemberToRemove>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let MemberToRemove {
        role,
        forprev_number,
    } = query.into_inner();
    let role = Role::from(role);
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                members::remove(conn, &access, (&id, role), &forprev_number)
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
