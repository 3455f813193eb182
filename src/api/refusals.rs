//! Refusals that many operations answer alike, for their OpenAPI responses: one description per
//! refusal, named in `responses(...)` like `SessionWriteRefusals`.

#![allow(dead_code)] // these types describe responses; none is ever built

use crate::api::problem::Problem;
use utoipa::IntoResponses;

#[derive(IntoResponses)]
pub enum EntityNotFound {
    /// No such entity, or not visible to the caller
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

#[derive(IntoResponses)]
pub enum HabilitationNotFound {
    /// No such habilitation, or not visible to the caller
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

#[derive(IntoResponses)]
pub enum RequestNotFound {
    /// No such request, or not visible to the caller
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

#[derive(IntoResponses)]
pub enum SessionNotFound {
    /// No such session, or not visible to the caller
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

#[derive(IntoResponses)]
pub enum NotARunner {
    /// Not a runner of the session
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

#[derive(IntoResponses)]
pub enum NotTheTrainer {
    /// Not the session's trainer (`session.not_the_trainer`)
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}
