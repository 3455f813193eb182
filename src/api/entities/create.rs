use super::EntityView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::workflow::entities::{self, input::EntityInput};
use actix_web::{HttpResponse, post, web};

/// Create an entity. The caller becomes its manager (one person may manage several entities);
/// an admin creates it without managing it and adds its members.
#[utoipa::path(
    tag = "entities",
    request_body = EntityInput,
    responses(
        (status = 201, description = "Created", body = EntityView),
        (status = 403, description = "A provisional account or a network agent cannot create entities",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another entity has this SIRET (`entity.siret_taken`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/entities")]
pub async fn create_entity(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<EntityInput>,
) -> AppResult<HttpResponse> {
    let checked = body.into_inner().check()?;
    let now = state.clock.now();
    let record = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::create(conn, &access, checked, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(EntityView::try_from(record)?))
}
