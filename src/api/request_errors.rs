//! Errors of the request itself, before any handler runs: malformed or oversized JSON, a wrong
//! content type, a bad query or path, an unknown route or method. All answer problem+json.

use crate::error::{AppError, Code};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError, UrlencodedError};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use utoipa::openapi::OpenApi;

/// JSON bodies of this API are small; uploads will have their own limit.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT_BYTES)
        .error_handler(|error, _| json_error(error).into())
}

/// Form bodies (`POST /auth/token`, as OAuth 2.0 clients send it).
pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(16 * 1024)
        .error_handler(|error, _| {
            match error {
                UrlencodedError::ContentType => AppError::new(
                    Code::RequestUnsupportedMediaType,
                    "Le corps doit être application/x-www-form-urlencoded.",
                ),
                UrlencodedError::Overflow { .. } | UrlencodedError::UnknownLength => {
                    AppError::new(Code::RequestTooLarge, "Formulaire trop grand.")
                }
                _ => AppError::new(
                    Code::RequestMalformedForm,
                    "Formulaire illisible : encodage application/x-www-form-urlencoded attendu.",
                ),
            }
            .into()
        })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _| {
        let message = match error {
            QueryPayloadError::Deserialize(error) => error.to_string(),
            other => other.to_string(),
        };
        super::deserialize_errors::invalid_query(&message).into()
    })
}

/// A path segment that does not parse (an id that is not a UUID) names nothing that exists.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_: PathError, _| AppError::not_found().into())
}

fn json_error(error: JsonPayloadError) -> AppError {
    match error {
        JsonPayloadError::ContentType => AppError::new(
            Code::RequestUnsupportedMediaType,
            "Le corps de la requête doit être du JSON (Content-Type: application/json).",
        ),
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => AppError::new(
            Code::RequestTooLarge,
            format!("Le corps de la requête dépasse {limit} octets."),
        ),
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            super::deserialize_errors::invalid_body(".", &error.to_string())
        }
        JsonPayloadError::Deserialize(error) => AppError::new(
            Code::RequestMalformedJson,
            format!(
                "JSON mal formé (ligne {}, colonne {}).",
                error.line(),
                error.column()
            ),
        ),
        _ => AppError::new(
            Code::RequestUnreadableBody,
            "Corps de requête illisible : la connexion s'est interrompue.",
        ),
    }
}

/// The methods each documented path answers, for the `Allow` header of a 405.
pub struct AllowedMethods(Vec<(ResourceDef, String)>);

impl AllowedMethods {
    /// Read from the OpenAPI document, which lists every API route.
    pub fn from_document(document: &OpenApi) -> Self {
        let routes = document
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods: Vec<&str> = [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("PATCH", &item.patch),
                    ("DELETE", &item.delete),
                ]
                .into_iter()
                .filter(|(_, operation)| operation.is_some())
                .flat_map(|(method, _)| match method {
                    "GET" => vec!["GET", "HEAD"],
                    other => vec![other],
                })
                .collect();
                (ResourceDef::new(path.as_str()), methods.join(", "))
            })
            .collect();
        AllowedMethods(routes)
    }

    fn for_path(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(route, _)| route.is_match(path))
            .map(|(_, methods)| methods.as_str())
    }
}

/// Refuses a NUL character in the query string (`%00`): no query parameter may hold one, and
/// PostgreSQL cannot store it.
pub async fn refuse_nul_in_query(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.query_string().to_ascii_lowercase().contains("%00") {
        let error = AppError::new(
            Code::RequestInvalidQuery,
            "Paramètres invalides : caractère NUL.",
        );
        return Ok(req.into_response(error.error_response()));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// `HEAD` is answered wherever `GET` is (RFC 9110): the request runs as a `GET`, and the server
/// sends the answer's head only (it knows the request came as `HEAD`).
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// No route answered: 405 with `Allow` when the path exists with other methods, 404 otherwise.
pub async fn no_route(
    req: HttpRequest,
    routes: web::Data<AllowedMethods>,
) -> Result<HttpResponse, AppError> {
    let Some(allowed) = routes.for_path(req.path()) else {
        return Err(AppError::not_found());
    };
    let error = AppError::new(
        Code::RequestMethodNotAllowed,
        format!(
            "La méthode {} n'est pas permise ici ({allowed}).",
            req.method()
        ),
    );
    let mut response = error.error_response();
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_str(allowed).map_err(AppError::internal)?,
    );
    Ok(response)
}
