//! `Actor`, the extractor that proves who calls: a valid bearer access token. It proves nothing
//! more: what the caller may do is read from the database at each request (`Access`), never from
//! the token's claims, so a grant removed counts at once.

use crate::AppState;
use crate::error::{AppError, AppResult, Code};
use crate::ids::{ApiClientId, UserId};
use crate::telemetry::access::Caller;
use actix_web::HttpMessage;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::{Ready, ready};

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    /// Partner software acting for one entity; `user_id` is then the manager accountable for it.
    pub client_id: Option<ApiClientId>,
}

/// What partner software may call: its entity's sessions and trainees, and the lookups a
/// session's declaration needs (habilitations, trainers). The OpenAPI document says so of the
/// same operations.
pub fn open_to_clients(method: &Method, path: &str) -> bool {
    path.starts_with("/api/v1/sessions")
        || (method == Method::GET
            && (path.starts_with("/api/v1/habilitations") || path == "/api/v1/trainers"))
}

impl Actor {
    fn from_request(req: &HttpRequest) -> AppResult<Actor> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| AppError::internal("AppState is not registered"))?;
        let token = bearer_token(req).ok_or_else(|| {
            AppError::new(
                Code::AuthMissingToken,
                "Authentification requise : envoyez un jeton d'accès (Authorization: Bearer …).",
            )
        })?;
        let bearer = state.auth.jwt.bearer(token, state.clock.now())?;
        if bearer.client_id.is_some() && !open_to_clients(req.method(), req.path()) {
            return Err(AppError::new(
                Code::AuthIntegrationScope,
                "Un client d'API n'accède qu'aux sessions de son entité.",
            ));
        }
        let caller = match &bearer.client_id {
            Some(client) => format!("client:{client}"),
            None => bearer.user_id.to_string(),
        };
        req.extensions_mut().insert(Caller(caller));
        Ok(Actor {
            user_id: bearer.user_id,
            client_id: bearer.client_id,
        })
    }
}

fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Ready<AppResult<Actor>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Actor::from_request(req))
    }
}
