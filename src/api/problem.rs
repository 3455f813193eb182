//! How an `AppError` goes on the wire: an RFC 9457 `application/problem+json` body, the status its
//! code's kind says, and the headers that go with it (`Retry-After`, `RateLimit`,
//! `WWW-Authenticate`). The problem's `type` points into the error catalogue
//! (`GET /api/v1/errors`), which says what each code means.

use crate::error::{AppError, FieldError, RateLimit};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::{ToResponse, ToSchema};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Where the catalogue of error codes is served; a problem's `type` is this with `#<code>`.
pub const CATALOGUE_PATH: &str = "/api/v1/errors";

/// The error envelope of every 4xx and 5xx answer (RFC 9457), served as `application/problem+json`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, ToResponse)]
#[response(
    description = "An error, as RFC 9457 problem details",
    content_type = "application/problem+json"
)]
#[schema(example = json!({
    "type": "/api/v1/errors#auth.invalid_credentials",
    "title": "Unauthorized",
    "status": 401,
    "detail": "Identifiant ou mot de passe incorrect.",
    "code": "auth.invalid_credentials"
}))]
pub struct Problem {
    /// The code's entry in the error catalogue (`/api/v1/errors#<code>`).
    #[serde(rename = "type")]
    #[schema(format = "uri-reference")]
    pub problem_type: String,
    /// The HTTP status phrase.
    pub title: String,
    pub status: u16,
    /// A French explanation for people; the web app shows it.
    pub detail: String,
    /// A stable machine code (`auth.invalid_credentials`, `session.declaration_window`, …):
    /// partner software switches on it.
    pub code: String,
    /// Field-level errors, when the body had invalid fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

impl From<&AppError> for Problem {
    fn from(error: &AppError) -> Self {
        let status = status_of(error);
        Problem {
            problem_type: format!("{CATALOGUE_PATH}#{}", error.code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: error.detail.clone(),
            code: error.code.as_str().to_owned(),
            errors: (!error.errors.is_empty()).then(|| error.errors.clone()),
        }
    }
}

fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.kind().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        status_of(self)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if let Some(limit) = &self.rate_limit {
            rate_limit_headers(&mut response, limit);
        }
        if self.kind() == crate::error::Kind::Unauthorized {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(Problem::from(self))
    }
}

/// `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers): the throttle's
/// quota per window, and how many attempts remain before it and when it frees one.
pub fn rate_limit_headers(response: &mut HttpResponseBuilder, limit: &RateLimit) {
    let policy = format!(
        "\"{}\";q={};w={}",
        limit.policy, limit.quota, limit.window_seconds
    );
    let state = format!(
        "\"{}\";r={};t={}",
        limit.policy, limit.remaining, limit.reset_seconds
    );
    response.insert_header((HeaderName::from_static("ratelimit-policy"), policy));
    response.insert_header((HeaderName::from_static("ratelimit"), state));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;
    use actix_web::body::to_bytes;

    #[actix_web::test]
    async fn a_500_does_not_leak_its_cause() {
        let response = AppError::internal("password=secret in connection string").error_response();
        assert_eq!(response.status(), 500);
        let body = to_bytes(response.into_body()).await.unwrap();
        let text = std::str::from_utf8(&body).unwrap();
        assert!(!text.contains("secret"), "{text}");
        let problem: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(problem["code"], "internal");
        assert_eq!(problem["status"], 500);
        assert_eq!(problem["type"], "/api/v1/errors#internal");
    }

    #[actix_web::test]
    async fn throttling_and_busy_answers_say_when_to_retry() {
        let response = AppError::too_many_requests(42).error_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get("retry-after").unwrap(), "42");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            PROBLEM_JSON
        );
        let busy = AppError::unavailable("database is locked").error_response();
        assert_eq!(busy.status(), 503);
        assert_eq!(busy.headers().get("retry-after").unwrap(), "1");
        let unauthorized = AppError::new(Code::AuthMissingToken, "x").error_response();
        assert_eq!(
            unauthorized.headers().get("www-authenticate").unwrap(),
            "Bearer"
        );
    }
}
