//! A partner's webhook: the URL its entity's events are posted to (`session.submitted`,
//! `session.returned`, `session.validated`, `session.closed`, `habilitation.decided`), signed
//! with a secret shown once; and the deliveries that failed.

use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::{Actor, secret_token};
use crate::config::{Config, Environment};
use crate::domain::access::Access;
use crate::domain::webhook_target::{self, Refusal};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{ApiClientId, EntityId};
use crate::store::{api_clients, entities, outbox};
use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhookInput {
    /// `https://…` (plain `http://` only outside production).
    #[schema(example = "https://logiciel.example.fr/forprev/events")]
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub url: String,
    /// Shown once. Each call carries `X-Forprev-Signature: t=<unix seconds>,v1=<hex>`, where
    /// `<hex>` is the HMAC-SHA256, keyed by this secret, of `<unix seconds>.<body>`.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FailedDelivery {
    /// Also sent as `X-Forprev-Delivery`.
    pub id: String,
    pub event: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub last_error: String,
    /// When it is tried again; absent once given up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_up_at: Option<DateTime<Utc>>,
}

fn check_url(url: &str, config: &Config) -> AppResult<String> {
    let production = config.environment == Environment::Production;
    webhook_target::check(url, production, config.webhook_allow_loopback)
        .map(String::from)
        .map_err(|refusal| {
            let code = match refusal {
                Refusal::Malformed => Code::ApiClientInvalidWebhookUrl,
                Refusal::NotPublic => Code::ApiClientWebhookNotPublic,
            };
            AppError::new(code, refusal.message())
        })
}

/// Register (or replace) the client's webhook (the entity's managers); a new secret each time.
/// The entity's events are then posted to the URL as a `WebhookEvent` (JSON), with the headers
/// `X-Forprev-Event`, `X-Forprev-Delivery` (the same on a retry) and `X-Forprev-Signature`; any
/// 2xx answer counts as delivered, anything else is tried again later (8 times).
#[utoipa::path(
    tag = "partner software",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("client_id" = ApiClientId, Path, description = "The client's id"),
    ),
    request_body = WebhookInput,
    responses(
        (status = 200, description = "Registered; the secret is shown once", body = Webhook),
        (status = 403, description = "The caller may see the entity but not manage it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such live client, or entity not visible", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "`api_client.invalid_webhook_url`: not an https:// URL; \
            `api_client.webhook_not_public`: its host is not a public address of the Internet", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/entities/{id}/api-clients/{client_id}/webhook")]
pub async fn set_webhook(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, ApiClientId)>,
    body: JsonBody<WebhookInput>,
) -> AppResult<web::Json<Webhook>> {
    let (id, client_id) = path.into_inner();
    let url = check_url(body.into_inner().url.trim(), &state.config)?;
    let webhook = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_editable(conn, &access, &id)?;
            let (secret, _) = secret_token::generate();
            if !api_clients::set_webhook(conn, &id, &client_id, Some((&url, &secret)))? {
                return Err(AppError::not_found());
            }
            Ok(Webhook { url, secret })
        })
        .await?;
    Ok(web::Json(webhook))
}

/// Remove the client's webhook: no more calls (queued ones are given up).
#[utoipa::path(
    tag = "partner software",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("client_id" = ApiClientId, Path, description = "The client's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "The caller may see the entity but not manage it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such live client, or entity not visible", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/entities/{id}/api-clients/{client_id}/webhook")]
pub async fn remove_webhook(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, ApiClientId)>,
) -> AppResult<HttpResponse> {
    let (id, client_id) = path.into_inner();
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_editable(conn, &access, &id)?;
            if !api_clients::set_webhook(conn, &id, &client_id, None)? {
                return Err(AppError::not_found());
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The client's webhook calls that failed, latest first (at most 100): those still retried and
/// those given up.
#[utoipa::path(
    tag = "partner software",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("client_id" = ApiClientId, Path, description = "The client's id"),
    ),
    responses(
        (status = 200, description = "The failed deliveries", body = Vec<FailedDelivery>),
        (status = 403, description = "The caller may see the entity but not manage it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such client, or entity not visible", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/entities/{id}/api-clients/{client_id}/webhook/failures")]
pub async fn failed_deliveries(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, ApiClientId)>,
) -> AppResult<web::Json<Vec<FailedDelivery>>> {
    let (id, client_id) = path.into_inner();
    let failures = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_editable(conn, &access, &id)?;
            api_clients::find(conn, &client_id)?
                .filter(|client| client.entity_id == id)
                .ok_or_else(AppError::not_found)?;
            Ok(outbox::failed_webhooks(conn, client_id.as_str(), 100)?)
        })
        .await?;
    Ok(web::Json(
        failures
            .into_iter()
            .map(|message| FailedDelivery {
                id: message.id,
                event: message.topic,
                created_at: message.created_at.and_utc(),
                attempts: message.attempts,
                last_error: message.last_error.unwrap_or_default(),
                next_attempt_at: message
                    .failed_at
                    .is_none()
                    .then(|| message.next_attempt_at.and_utc()),
                given_up_at: message.failed_at.map(|at| at.and_utc()),
            })
            .collect(),
    ))
}
