use super::ApiClientView;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::store::{api_clients, entities};
use actix_web::{get, web};

/// The entity's API clients (never their secrets).
#[utoipa::path(
    tag = "partner software",
    params(("id" = EntityId, Path, description = "The entity's id")),
    responses(
        (status = 200, description = "The clients", body = Vec<ApiClientView>),
        (status = 403, description = "The caller may see the entity but not manage it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/entities/{id}/api-clients")]
pub async fn list_api_clients(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
) -> AppResult<web::Json<Vec<ApiClientView>>> {
    let id = id.into_inner();
    let clients = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_editable(conn, &access, &id)?;
            let clients = api_clients::of_entity(conn, &id)?;
            Ok(clients
                .into_iter()
                .map(|(client, status)| ApiClientView::new(client, status))
                .collect())
        })
        .await?;
    Ok(web::Json(clients))
}
