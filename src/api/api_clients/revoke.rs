use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{ApiClientId, EntityId};
use crate::workflow::api_clients;
use actix_web::{HttpResponse, delete, web};

/// Revoke an API client: its tokens stop working at once.
#[utoipa::path(
    tag = "partner software",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("client_id" = ApiClientId, Path, description = "The client's id"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "The caller may see the entity but not manage it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such client (or already revoked), or entity not visible", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/entities/{id}/api-clients/{client_id}")]
pub async fn revoke_api_client(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, ApiClientId)>,
) -> AppResult<HttpResponse> {
    let (id, client_id) = path.into_inner();
    let now = state.clock.now();
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            api_clients::revoke(conn, &access, (&id, &client_id), now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
