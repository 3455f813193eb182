//! The one error type of the service and its single envelope, RFC 9457 `application/problem+json`.
//!
//! `AppError` says *what* went wrong (a kind, a stable `code`, a French `detail`); only the
//! `ResponseError` impl at the bottom turns it into HTTP. Domain and store code return it without
//! knowing about HTTP. The internal cause of a 500 or 503 is logged (the request logger prints
//! the error's `Debug`, which holds it), never sent to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::{ToResponse, ToSchema};

pub type AppResult<T> = Result<T, AppError>;

/// What went wrong, independent of the transport. Each kind maps to exactly one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl Kind {
    pub fn status(self) -> StatusCode {
        match self {
            Kind::BadRequest => StatusCode::BAD_REQUEST,
            Kind::Unauthorized => StatusCode::UNAUTHORIZED,
            Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Kind::Conflict => StatusCode::CONFLICT,
            Kind::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Kind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Kind::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Kind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// One invalid field of a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's name, as in the request (`email`, `grants[0].role`).
    pub field: String,
    /// A stable machine code (`invalid_format`, `required`, …).
    pub code: String,
    /// A French message for people.
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct AppError {
    pub kind: Kind,
    pub code: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// Seconds a throttled client should wait (`Retry-After`).
    pub retry_after: Option<u64>,
    /// Logged, never returned.
    cause: Option<String>,
}

impl AppError {
    pub fn new(kind: Kind, code: &'static str, detail: impl Into<String>) -> Self {
        AppError {
            kind,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            cause: None,
        }
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(Kind::BadRequest, code, detail)
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(Kind::Unauthorized, code, detail)
    }

    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(Kind::Forbidden, code, detail)
    }

    pub fn not_found() -> Self {
        Self::new(
            Kind::NotFound,
            "not_found",
            "La ressource demandée n'existe pas.",
        )
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, code, detail)
    }

    /// A domain rule is broken (422).
    pub fn rule(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(Kind::Unprocessable, code, detail)
    }

    /// The request body is well-formed but some fields are invalid (422).
    pub fn invalid_fields(errors: Vec<FieldError>) -> Self {
        let mut error = Self::rule("request.invalid_fields", "Certains champs sont invalides.");
        error.errors = errors;
        error
    }

    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        let mut error = Self::new(
            Kind::TooManyRequests,
            "request.throttled",
            "Trop de tentatives : réessayez plus tard.",
        );
        error.retry_after = Some(retry_after_seconds.max(1));
        error
    }

    /// The database is busy or out of reach (or every pooled connection is taken): 503, to be
    /// tried again a second later.
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        let mut error = Self::new(
            Kind::Unavailable,
            "service.unavailable",
            "Le service est momentanément indisponible : réessayez dans un instant.",
        )
        .with_cause(cause);
        error.retry_after = Some(1);
        error
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::new(Kind::Internal, "internal", "Erreur interne du serveur.").with_cause(cause)
    }

    pub fn with_cause(mut self, cause: impl std::fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }

    pub fn problem(&self) -> Problem {
        let status = self.kind.status();
        Problem {
            problem_type: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: (!self.errors.is_empty()).then(|| self.errors.clone()),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::not_found(),
            // The database stayed busy past its timeout (SQLite's write lock), or PostgreSQL
            // chose this transaction as a deadlock's or a serialization's victim: the same
            // request, sent again a moment later, succeeds.
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                AppError::unavailable(error)
            }
            Error::DatabaseError(_, ref info)
                if [
                    "database is locked",
                    "database table is locked",
                    "deadlock detected",
                ]
                .iter()
                .any(|busy| info.message().starts_with(busy)) =>
            {
                AppError::unavailable(error)
            }
            other => AppError::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::unavailable(error)
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::internal(error)
    }
}

/// The error envelope of every 4xx and 5xx answer (RFC 9457), served as `application/problem+json`.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, ToResponse)]
#[response(
    description = "An error, as RFC 9457 problem details",
    content_type = "application/problem+json"
)]
#[schema(example = json!({
    "type": "about:blank",
    "title": "Unauthorized",
    "status": 401,
    "detail": "Identifiant ou mot de passe incorrect.",
    "code": "auth.invalid_credentials"
}))]
pub struct Problem {
    /// Always `about:blank`: `code` tells problems apart.
    #[serde(rename = "type")]
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

pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if self.kind == Kind::Unauthorized {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(self.problem())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(problem["type"], "about:blank");
    }

    #[actix_web::test]
    async fn a_busy_database_answers_503_with_retry_after_never_500() {
        use diesel::result::{DatabaseErrorKind, Error};
        for (kind, message) in [
            (DatabaseErrorKind::Unknown, "database is locked"),
            (DatabaseErrorKind::Unknown, "deadlock detected"),
            (
                DatabaseErrorKind::SerializationFailure,
                "could not serialize access",
            ),
        ] {
            let error = AppError::from(Error::DatabaseError(kind, Box::new(message.to_owned())));
            let response = error.error_response();
            assert_eq!(response.status(), 503, "{message}");
            assert_eq!(response.headers().get("retry-after").unwrap(), "1");
        }
        let other = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new("syntax".to_owned()));
        assert_eq!(AppError::from(other).error_response().status(), 500);
    }

    #[actix_web::test]
    async fn throttling_sets_retry_after() {
        let response = AppError::too_many_requests(42).error_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get("retry-after").unwrap(), "42");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            PROBLEM_JSON
        );
    }
}
