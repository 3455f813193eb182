use super::{RequestContent, RequestView, load_view};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::workflow::requests::draft;
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRequest {
    pub entity_id: EntityId,
    #[serde(flatten)]
    pub content: RequestContent,
}

/// Draft a request (the entity's managers): one or more schemes and levels, initial or renewal.
#[utoipa::path(
    tag = "habilitation requests",
    request_body = NewRequest,
    responses(
        (status = 201, description = "Drafted", body = RequestView),
        (status = 403, description = "The caller may see the entity but not act for it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[post("/habilitation-requests")]
pub async fn create_request(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<NewRequest>,
) -> AppResult<HttpResponse> {
    let NewRequest { entity_id, content } = body.into_inner();
    let content = content.into_draft();
    let now = state.clock.now();
    let view = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                let id = draft::create(conn, &access, &entity_id, &content, now)?;
                load_view(conn, &access, &id)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}
