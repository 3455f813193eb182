//! The web app on another origin: browsers may call the API from the origins that
//! `CORS_ALLOWED_ORIGINS` lists (none by default), with the methods and headers the API uses, and
//! read the headers it answers with. A preflight from any other origin is refused (403
//! problem+json); other requests from it go on without CORS headers, so the browser hides their
//! answer. Clients that are not browsers send no `Origin` and are not concerned.

use crate::AppState;
use crate::error::{AppError, Code};
use actix_cors::Cors;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            IDEMPOTENCY_KEY,
            REQUEST_ID,
        ])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            header::LOCATION,
            header::CONTENT_DISPOSITION,
            REQUEST_ID,
            HeaderName::from_static("ratelimit"),
            HeaderName::from_static("ratelimit-policy"),
            HeaderName::from_static("idempotency-replayed"),
        ])
        .max_age(3600)
        .block_on_origin_mismatch(false);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// Refuses a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an
/// origin not listed, before CORS answers it.
pub async fn refuse_unlisted_origins(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|origin| origin.to_str().ok());
    let listed = |origin: &str| {
        req.app_data::<web::Data<AppState>>().is_some_and(|state| {
            state
                .config
                .cors_allowed_origins
                .iter()
                .any(|o| o == origin)
        })
    };
    if let Some(origin) = origin
        && preflight
        && !listed(origin)
    {
        let refusal = AppError::new(
            Code::RequestOriginNotAllowed,
            "Cette origine n'est pas autorisée à appeler l'API depuis un navigateur.",
        );
        let response = refusal.error_response().map_into_right_body();
        return Ok(req.into_response(response));
    }
    Ok(next.call(req).await?.map_into_left_body())
}
