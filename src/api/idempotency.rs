//! `Idempotency-Key` on the POST requests that create or change something: partner software
//! retries, and a retry must not declare a session twice. The first answer to a key is kept 24
//! hours, in the database (so every instance knows it): the same key with the same request gets
//! that answer again (status, body, `ETag`, `Location`, with `Idempotency-Replayed: true`); the
//! same key with another request is refused (422); a retry while the first still runs is told
//! to wait (409). Keys are the caller's own: two callers may use the same one.
//!
//! Not kept, so a retry runs again: answers 5xx, 429 and 409 `request.idempotency_in_progress`.
//! Not covered: the `/auth/*` operations and the creations whose answer holds a secret shown
//! once (API clients, people and their invitations), whose answers are not to be stored;
//! uploads (multipart), which are authorised before their body is read.

use crate::AppState;
use crate::domain::retention;
use crate::error::{AppError, AppResult, Code};
use crate::store::idempotency_keys::{self, KeyRecord};
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, HttpResponse, ResponseError};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");
/// The headers of an answer that are kept with it.
const KEPT_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::ETAG, header::LOCATION];
/// The largest body read here: the JSON limit. Anything larger is refused by the extractor.
const BODY_LIMIT: usize = super::request_errors::JSON_LIMIT_BYTES;

/// Whether a POST to `path` honours `Idempotency-Key`.
pub fn covers(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    !(path.starts_with("/api/v1/auth/")
        || path == "/api/v1/users"
        || (path.starts_with("/api/v1/entities/") && path.ends_with("/api-clients"))
        || path.ends_with("/documents")
        || path.ends_with("/prior-certificate")
        || path.ends_with("/trainees/import"))
}

/// A key is 1 to 255 visible ASCII characters.
fn well_formed(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

pub async fn idempotent(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, actix_web::Error> {
    let key = req.headers().get(&IDEMPOTENCY_KEY).cloned();
    let covered = key.is_some() && req.method() == Method::POST && covers(req.path());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // Whose key it is; without a valid token the operation answers 401, as it would anyway.
    let caller = match &state {
        Some(state) if covered => caller(&req, state),
        _ => None,
    };
    let (Some(key), Some(state), Some(caller)) = (key, state, caller) else {
        return Ok(next
            .call(req)
            .await?
            .map_body(|_, body| EitherBody::left(body.boxed())));
    };
    let key = match key.to_str() {
        Ok(key) if well_formed(key) => key.to_owned(),
        _ => {
            let refusal = AppError::new(
                Code::RequestInvalidIdempotencyKey,
                "Idempotency-Key : de 1 à 255 caractères ASCII visibles.",
            );
            return Ok(refuse(req, &refusal));
        }
    };
    let body = match read_limited(req.take_payload()).await? {
        Some(body) => body,
        None => {
            let refusal = AppError::new(
                Code::RequestTooLarge,
                format!("Le corps de la requête dépasse {BODY_LIMIT} octets."),
            );
            return Ok(refuse(req, &refusal));
        }
    };
    let hash = request_hash(&req, &body);
    let now = state.clock.now();
    let claimed = {
        let (caller, key, hash) = (caller.clone(), key.clone(), hash.clone());
        state
            .db(move |conn, _| {
                conn.write_transaction(|conn| claim(conn, (&caller, &key), &hash, now))
            })
            .await
    };
    match claimed {
        Err(refusal) => return Ok(refuse(req, &refusal)),
        Ok(Some(first)) => return Ok(replay(req, first)),
        Ok(None) => {}
    }
    req.set_payload(Payload::from(body));
    let response = next.call(req).await?;
    keep(&state, (caller, key), response).await
}

/// The body, or none when it is larger than the JSON limit.
async fn read_limited(mut payload: Payload) -> Result<Option<Bytes>, actix_web::Error> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body.freeze()))
}

/// The caller a key belongs to: the verified token's subject. A request without a valid token
/// is left to the operation, which refuses it (401) before any key is looked at.
fn caller(req: &ServiceRequest, state: &AppState) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.split_once(' ').map(|(_, token)| token.trim())?;
    let bearer = state.auth.jwt.bearer(token, state.clock.now()).ok()?;
    Some(match bearer.client_id {
        Some(client) => format!("client:{client}"),
        None => format!("user:{}", bearer.user_id),
    })
}

/// The request's fingerprint: method, path, query and body.
fn request_hash(req: &ServiceRequest, body: &Bytes) -> String {
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.uri().to_string());
    hasher.update(b"\n");
    hasher.update(body);
    hex::encode(hasher.finalize())
}

/// Claims the key for this request, or says what to answer instead: the first answer again
/// (`Some`), or a refusal.
fn claim(
    conn: &mut crate::db::DbConnection,
    (caller, key): (&str, &str),
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<KeyRecord>> {
    let kept_since = retention::idempotency_keys_before(now);
    match idempotency_keys::find(conn, caller, key)? {
        Some(first) if first.created_at.and_utc() > kept_since => {
            if first.request_hash != hash {
                return Err(AppError::new(
                    Code::RequestIdempotencyKeyReused,
                    "Cette clé d'idempotence a servi pour une autre requête : prenez-en une nouvelle.",
                ));
            }
            if first.status.is_none() {
                let mut wait = AppError::new(
                    Code::RequestIdempotencyInProgress,
                    "La première requête de cette clé est en cours : réessayez dans un instant.",
                );
                wait.retry_after = Some(1);
                return Err(wait);
            }
            Ok(Some(first))
        }
        _ => {
            idempotency_keys::claim(conn, caller, key, hash, now)?;
            Ok(None)
        }
    }
}

fn refuse(req: ServiceRequest, refusal: &AppError) -> ServiceResponse<EitherBody<BoxBody>> {
    req.into_response(refusal.error_response())
        .map_body(|_, body| EitherBody::right(body))
}

/// The first answer, again.
fn replay(req: ServiceRequest, first: KeyRecord) -> ServiceResponse<EitherBody<BoxBody>> {
    let status = first
        .status
        .and_then(|status| u16::try_from(status).ok())
        .and_then(|status| StatusCode::from_u16(status).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    let headers: Vec<(String, String)> = first
        .response_headers
        .as_deref()
        .and_then(|headers| serde_json::from_str(headers).ok())
        .unwrap_or_default();
    for (name, value) in headers {
        response.insert_header((name, value));
    }
    response.insert_header((REPLAYED, HeaderValue::from_static("true")));
    let response = response.body(first.response_body.unwrap_or_default());
    req.into_response(response)
        .map_body(|_, body| EitherBody::right(body))
}

/// Keeps the answer for the key (or frees the key when a retry should run again) and sends it.
async fn keep(
    state: &AppState,
    (caller, key): (String, String),
    response: ServiceResponse<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, actix_web::Error> {
    let status = response.status();
    // A 409 `request.idempotency_in_progress` never gets here: `claim` answers it first.
    let retry_may_mend = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
    if retry_may_mend {
        let forgotten = state
            .db(move |conn, _| Ok(idempotency_keys::forget(conn, &caller, &key)?))
            .await;
        if let Err(error) = forgotten {
            tracing::error!(%error, "an idempotency key could not be freed");
        }
        return Ok(response.map_body(|_, body| EitherBody::left(body.boxed())));
    }
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let Ok(body) = actix_web::body::to_bytes(body).await else {
        let error = AppError::internal("the answer's body could not be read");
        return Ok(ServiceResponse::new(request, error.error_response())
            .map_body(|_, body| EitherBody::right(body)));
    };
    let headers: Vec<(String, String)> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = head.headers().get(name)?.to_str().ok()?;
            Some((name.to_string(), value.to_owned()))
        })
        .collect();
    let stored = {
        let (headers, body) = (
            serde_json::to_string(&headers).map_err(AppError::internal),
            body.to_vec(),
        );
        let code = i32::from(status.as_u16());
        state
            .db(move |conn, _| {
                idempotency_keys::complete(conn, (&caller, &key), code, &headers?, &body)?;
                Ok(())
            })
            .await
    };
    if let Err(error) = stored {
        tracing::error!(%error, "an idempotent answer could not be kept");
    }
    let response = head.set_body(body).map_into_boxed_body();
    Ok(ServiceResponse::new(request, response).map_body(|_, body| EitherBody::right(body)))
}

/// What the OpenAPI document says of the header, on every operation that honours it.
pub const DESCRIPTION: &str = "A key of your choice (1 to 255 visible ASCII characters, a UUID \
    for instance) that makes a retry safe: the same key with the same request answers the first \
    answer again (with `Idempotency-Replayed: true`) for 24 hours; with another request, 422 \
    `request.idempotency_key_reused`; while the first still runs, 409 \
    `request.idempotency_in_progress`.";
