use super::ApiClientView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::api_client::ClientStatus;
use crate::domain::label;
use crate::error::{AppError, AppResult, Code};
use crate::ids::EntityId;
use crate::workflow::api_clients;
use actix_web::{HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewApiClient {
    /// What the software is, for the managers' list.
    #[schema(example = "Logiciel de gestion de formation")]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiClient {
    pub client: ApiClientView,
    /// Shown this once: keep it in the software's configuration.
    pub client_secret: String,
}

/// Create an API client for the entity (its managers; at most 10 live clients per entity). Its
/// actions are attributed to its creator, who answers for it: it is suspended if its creator no
/// longer manages the entity, until another manager takes it over.
#[utoipa::path(
    tag = "partner software",
    params(("id" = EntityId, Path, description = "The entity's id")),
    request_body = NewApiClient,
    responses(
        (status = 201, description = "Created; the secret is shown once", body = CreatedApiClient),
        (status = 403, description = "The caller may see the entity but not manage it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
        (status = 422, description = "`api_client.invalid_name`; `api_client.limit_reached`: the entity \
            has 10 live clients already", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/entities/{id}/api-clients")]
pub async fn create_api_client(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
    body: JsonBody<NewApiClient>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let name = label::check(&body.into_inner().name, 100).ok_or_else(|| {
        AppError::new(
            Code::ApiClientInvalidName,
            "Le nom est requis (100 caractères au plus, sans caractère de contrôle).",
        )
    })?;
    let now = state.clock.now();
    let (client, secret) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| api_clients::create(conn, &access, &id, &name, now))
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiClient {
        client: ApiClientView::new(client, ClientStatus::Active),
        client_secret: secret,
    }))
}
