use super::ApiClientView;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{ApiClientId, EntityId};
use crate::workflow::api_clients;
use actix_web::{post, web};

/// Take over an API client (a manager of its entity): the client now acts in the caller's name
/// and, if it was suspended because the person it acted for left the entity, works again.
#[utoipa::path(
    tag = "partner software",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("client_id" = ApiClientId, Path, description = "The client's id"),
    ),
    responses(
        (status = 200, description = "Taken over; active again", body = ApiClientView),
        (status = 403, description = "The caller may see the entity but is not one of its managers", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such live client, or entity not visible", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/entities/{id}/api-clients/{client_id}/take-over")]
pub async fn take_over_api_client(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, ApiClientId)>,
) -> AppResult<web::Json<ApiClientView>> {
    let (id, client_id) = path.into_inner();
    let client = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            let (client, status) = conn.write_transaction(|conn| {
                api_clients::take_over(conn, &access, (&id, &client_id))
            })?;
            Ok(ApiClientView::new(client, status))
        })
        .await?;
    Ok(web::Json(client))
}
