//! The one error type of the service: what went wrong (a stable `Code` from the catalogue, which
//! fixes its kind), a French `detail` for people, and for some the invalid fields or the wait
//! before trying again. No HTTP here: `api/problem.rs` turns an `AppError` into a response. The
//! internal cause of a 500 or 503 is logged, never returned.

mod catalogue;

pub use catalogue::Code;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub type AppResult<T> = Result<T, AppError>;

/// What kind of failure, independent of the transport. Each kind is one HTTP status.
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
    /// The HTTP status of this kind.
    pub fn status(self) -> u16 {
        match self {
            Kind::BadRequest => 400,
            Kind::Unauthorized => 401,
            Kind::Forbidden => 403,
            Kind::NotFound => 404,
            Kind::MethodNotAllowed => 405,
            Kind::Conflict => 409,
            Kind::PreconditionFailed => 412,
            Kind::PayloadTooLarge => 413,
            Kind::UnsupportedMediaType => 415,
            Kind::Unprocessable => 422,
            Kind::TooManyRequests => 429,
            Kind::Unavailable => 503,
            Kind::Internal => 500,
        }
    }
}

/// One invalid field of a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The line of an imported spreadsheet the field is on (its header is line 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The field's name, as in the request (`email`, `grants[0].role`).
    pub field: String,
    /// A stable machine code (`invalid_format`, `required`, …).
    pub code: String,
    /// A French message for people.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            line: None,
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// A throttle's quota and where the caller stands in it, for the `RateLimit` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// The policy's name (`login-address`).
    pub policy: &'static str,
    /// Attempts allowed per window.
    pub quota: u32,
    pub window_seconds: u64,
    pub remaining: u32,
    /// Seconds until the window frees an attempt.
    pub reset_seconds: u64,
}

#[derive(Debug, thiserror::Error)]
#[error("{}: {detail}", code.as_str())]
pub struct AppError {
    pub code: Code,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// Seconds a throttled or busy client should wait (`Retry-After`).
    pub retry_after: Option<u64>,
    /// The throttle the request counted against, if any.
    pub rate_limit: Option<Box<RateLimit>>,
    /// Logged, never returned.
    cause: Option<String>,
}

impl AppError {
    pub fn new(code: Code, detail: impl Into<String>) -> Self {
        AppError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            rate_limit: None,
            cause: None,
        }
    }

    pub fn kind(&self) -> Kind {
        self.code.kind()
    }

    pub fn not_found() -> Self {
        Self::new(Code::NotFound, "La ressource demandée n'existe pas.")
    }

    /// The request body is well-formed but some fields are invalid (422).
    pub fn invalid_fields(errors: Vec<FieldError>) -> Self {
        let mut error = Self::new(
            Code::RequestInvalidFields,
            "Certains champs sont invalides.",
        );
        error.errors = errors;
        error
    }

    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        let mut error = Self::new(
            Code::RequestThrottled,
            "Trop de tentatives : réessayez plus tard.",
        );
        error.retry_after = Some(retry_after_seconds.max(1));
        error
    }

    /// The database is busy or out of reach (or every pooled connection is taken): 503, to be
    /// tried again a second later.
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        let mut error = Self::new(
            Code::ServiceUnavailable,
            "Le service est momentanément indisponible : réessayez dans un instant.",
        )
        .with_cause(cause);
        error.retry_after = Some(1);
        error
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::new(Code::Internal, "Erreur interne du serveur.").with_cause(cause)
    }

    pub fn with_cause(mut self, cause: impl std::fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }

    /// The internal cause, for the log.
    pub fn cause(&self) -> Option<&str> {
        self.cause.as_deref()
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
            // A pooled connection the server dropped (a restart, a failover) is found broken by
            // its first statement and replaced; the request, sent again, gets a fresh one.
            Error::DatabaseError(
                DatabaseErrorKind::SerializationFailure | DatabaseErrorKind::ClosedConnection,
                _,
            ) => AppError::unavailable(error),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_database_is_unavailable_for_a_second_never_internal() {
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
            assert_eq!(error.kind().status(), 503, "{message}");
            assert_eq!(error.retry_after, Some(1));
        }
        let other = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new("syntax".to_owned()));
        assert_eq!(AppError::from(other).kind().status(), 500);
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'),
                "{}",
                code.as_str()
            );
            assert!(!code.meaning().is_empty());
        }
    }
}
