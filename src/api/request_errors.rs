//! Errors of the request itself, before any handler runs: malformed or oversized JSON, a wrong
//! content type, a bad query or path, an unknown route or method. All answer problem+json.

use crate::error::{AppError, Kind};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, HttpResponse, web};

/// JSON bodies of this API are small; uploads will have their own limit.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT_BYTES)
        .error_handler(|error, _| json_error(error).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _| {
        AppError::bad_request(
            "request.invalid_query",
            format!("Paramètres invalides : {error}"),
        )
        .into()
    })
}

/// A path segment that does not parse (an id that is not a UUID) names nothing that exists.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_: PathError, _| AppError::not_found().into())
}

fn json_error(error: JsonPayloadError) -> AppError {
    match error {
        JsonPayloadError::ContentType => AppError::new(
            Kind::UnsupportedMediaType,
            "request.unsupported_media_type",
            "Le corps de la requête doit être du JSON (Content-Type: application/json).",
        ),
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => AppError::new(
            Kind::PayloadTooLarge,
            "request.too_large",
            format!("Le corps de la requête dépasse {limit} octets."),
        ),
        JsonPayloadError::Deserialize(error) if error.is_data() => AppError::rule(
            "request.invalid_body",
            format!("Corps de requête invalide : {error}"),
        ),
        JsonPayloadError::Deserialize(error) => AppError::bad_request(
            "request.malformed_json",
            format!("JSON mal formé : {error}"),
        ),
        other => AppError::bad_request(
            "request.unreadable_body",
            format!("Corps de requête illisible : {other}"),
        ),
    }
}

/// No route answered: 405 when the path exists with other methods, 404 otherwise.
pub async fn no_route(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(if req.resource_map().has_resource(req.path()) {
        AppError::new(
            Kind::MethodNotAllowed,
            "request.method_not_allowed",
            format!("La méthode {} n'est pas permise ici.", req.method()),
        )
    } else {
        AppError::not_found()
    })
}
