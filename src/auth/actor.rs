//! Extractors. `Actor` proves the caller is authenticated (a valid bearer access token); the
//! `WithRole` extractors also require one role, answering 403 without it. Scope (which entity,
//! which caisse) is checked by the store queries, which only see what the actor may see.

use crate::AppState;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::{Grant, Role};
use crate::error::{AppError, AppResult};
use crate::ids::{ApiClientId, UserId};
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::{Ready, ready};
use std::marker::PhantomData;

/// The authenticated caller and every grant its token carries.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub forprev_number: ForprevNumber,
    pub grants: Vec<Grant>,
    /// Partner software acting for one entity; `user_id` is then the manager who created it.
    pub client_id: Option<ApiClientId>,
}

/// What partner software may call: its entity's sessions and trainees, and the lookups a
/// session's declaration needs (habilitations, trainers).
fn open_to_clients(req: &HttpRequest) -> bool {
    let path = req.path();
    path.starts_with("/api/v1/sessions")
        || (req.method() == Method::GET
            && (path.starts_with("/api/v1/habilitations") || path == "/api/v1/trainers"))
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|grant| grant.role == role)
    }

    /// The grants of one role (e.g. every entity the actor manages).
    pub fn grants_of(&self, role: Role) -> impl Iterator<Item = &Grant> {
        self.grants.iter().filter(move |grant| grant.role == role)
    }

    fn from_request(req: &HttpRequest) -> AppResult<Actor> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| AppError::internal("AppState is not registered"))?;
        let token = bearer_token(req).ok_or_else(|| {
            AppError::unauthorized(
                "auth.missing_token",
                "Authentification requise : envoyez un jeton d'accès (Authorization: Bearer …).",
            )
        })?;
        let claims = state.auth.jwt.verify(token, state.clock.now())?;
        if claims.client_id.is_some() && !open_to_clients(req) {
            return Err(AppError::forbidden(
                "auth.integration_scope",
                "Un client d'API n'accède qu'aux sessions de son entité.",
            ));
        }
        Ok(Actor {
            user_id: claims.sub,
            forprev_number: claims.forprev_number,
            grants: claims.grants,
            client_id: claims.client_id,
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

/// Names the role a `WithRole` extractor requires.
pub trait RequiredRole {
    const ROLE: Role;
}

/// An authenticated caller that holds `R::ROLE` on at least one scope.
#[derive(Debug, Clone)]
pub struct WithRole<R> {
    pub actor: Actor,
    role: PhantomData<R>,
}

impl<R: RequiredRole> FromRequest for WithRole<R> {
    type Error = AppError;
    type Future = Ready<AppResult<Self>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Actor::from_request(req).and_then(|actor| {
            if actor.has_role(R::ROLE) {
                Ok(WithRole {
                    actor,
                    role: PhantomData,
                })
            } else {
                Err(AppError::forbidden(
                    "auth.role_required",
                    format!("Cette action demande le rôle {}.", R::ROLE.as_str()),
                ))
            }
        }))
    }
}

macro_rules! role_extractors {
    ($($marker:ident => $alias:ident: $role:expr),* $(,)?) => {
        /// Marker types naming each role for `WithRole`.
        pub mod roles {
            use super::*;
            $(
                #[derive(Debug, Clone)]
                pub struct $marker;
                impl RequiredRole for $marker {
                    const ROLE: Role = $role;
                }
            )*
        }
        $(pub type $alias = WithRole<roles::$marker>;)*
    };
}

role_extractors! {
    AdminRole => Admin: Role::Admin,
    NetworkAgentRole => NetworkAgent: Role::NetworkAgent,
    ManagerRole => Manager: Role::Manager,
    SignatoryRole => Signatory: Role::Signatory,
    DelegateRole => Delegate: Role::Delegate,
    TrainerRole => Trainer: Role::Trainer,
}
