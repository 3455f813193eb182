//! The request middleware of the App: it keeps a well-formed incoming `X-Request-Id` (or makes
//! one), runs the request in a span carrying it, and at the end writes one access line (method,
//! route template, status, latency, request id, caller id, error code) at INFO, or ERROR with
//! the internal cause for a 5xx, and counts the request in the metrics.

use crate::AppState;
use crate::error::AppError;
use crate::telemetry::metrics::{RequestLabels, RouteLabel};
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, in its extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Who called, once authenticated (a user's or an API client's id), in the request's extensions.
#[derive(Debug, Clone)]
pub struct Caller(pub String);

/// An incoming id is kept when it is 1 to 64 characters of `[A-Za-z0-9._-]`: what a proxy or a
/// client writes, and nothing a log line could be forged with.
fn well_formed(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub async fn access(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| well_formed(id))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().to_string();
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = next.call(req).instrument(span.clone()).await?;

    let status = response.status();
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let caller = response
        .request()
        .extensions()
        .get::<Caller>()
        .map(|caller| caller.0.clone())
        .unwrap_or_default();
    let seconds = started.elapsed().as_secs_f64();
    let latency_ms = (seconds * 1000.0 * 10.0).round() / 10.0;
    let error = response
        .response()
        .error()
        .and_then(|error| error.as_error::<AppError>());
    let code = error.map(|error| error.code.as_str()).unwrap_or_default();
    let _entered = span.enter();
    if status.is_server_error() {
        let cause = error
            .and_then(AppError::cause)
            .map(str::to_owned)
            .or_else(|| response.response().error().map(ToString::to_string))
            .unwrap_or_default();
        tracing::error!(target: "forprev::access", method, route, status = status.as_u16(), latency_ms, request_id = %id, caller, code, cause, "request");
    } else {
        tracing::info!(target: "forprev::access", method, route, status = status.as_u16(), latency_ms, request_id = %id, caller, code, "request");
    }
    if let Some(metrics) = metrics {
        if status.as_u16() == 429 {
            metrics
                .throttled
                .get_or_create(&RouteLabel {
                    route: route.clone(),
                })
                .inc();
        }
        let status = format!("{}xx", status.as_u16() / 100);
        metrics.request(
            RequestLabels {
                method,
                route,
                status,
            },
            seconds,
        );
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_ids_are_kept() {
        assert!(super::well_formed("01a2f3e4-0000-7000-8000-0000000000ab"));
        assert!(super::well_formed("lb-42.req_7"));
        for id in ["", "a b", "x\ny", "é", &"x".repeat(65)] {
            assert!(!super::well_formed(id), "{id:?}");
        }
    }
}
