//! The OpenAPI document: the base (info, security scheme, shared schemas, tags) and, once the
//! routes are collected, the request errors every JSON-body operation can answer. The committed
//! `openapi/openapi.json` must equal what this builds (a test checks it).

use crate::api::problem::PROBLEM_JSON;
use crate::api::problem::Problem;
use crate::error::FieldError;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    Content, OpenApi as Document, Ref, RefOr, Required, Response, ResponseBuilder,
};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Forprev API",
        description = "Habilitations of training bodies and certificates of prevention training \
            schemes (SST, PRAP, APS ASD…) for the French occupational-prevention network.\n\n\
            Errors are `application/problem+json` (RFC 9457) with a stable `code`. Log in with \
            `POST /api/v1/auth/login`, then send `Authorization: Bearer <access_token>`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    modifiers(&BearerSecurity),
    components(schemas(Problem, FieldError, crate::notifications::WebhookEvent)),
    tags(
        (name = "auth", description = "Log in, renew tokens, log out"),
        (name = "me", description = "The caller"),
        (name = "dashboard", description = "Tasks à traiter, per role"),
        (name = "users", description = "People, who join by invitation"),
        (name = "reference", description = "The scheme catalogue"),
        (name = "entities", description = "Training bodies and companies"),
        (name = "documents", description = "What entities upload for their requests"),
        (name = "trainers", description = "The trainer registry"),
        (name = "sessions", description = "Certification sessions"),
        (name = "certificates", description = "Verification of certificates, their keys, revocation"),
        (name = "partner software", description = "API clients of an entity (client credentials)"),
        (name = "directory", description = "The public directory of habilitated entities"),
        (name = "habilitations", description = "What entities are habilitated for, and their delegates"),
        (name = "habilitation requests", description = "Drafted by entities, reviewed by caisses, decided by the commission"),
        (name = "health", description = "Probes"),
    )
)]
struct ApiDoc;

struct BearerSecurity;

impl Modify for BearerSecurity {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from `POST /api/v1/auth/login`"))
                    .build(),
            ),
        );
    }
}

pub fn base() -> Document {
    ApiDoc::openapi()
}

/// Adds the answers that depend only on an operation's shape: 401 to every operation that needs a
/// bearer token, and the body errors to every operation that takes a JSON body.
pub fn finish(mut document: Document) -> Document {
    for (path, item) in document.paths.paths.iter_mut() {
        if let Some(post) = &mut item.post
            && crate::api::idempotency::covers(path)
        {
            idempotent(post);
        }
        let operations = [
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in [&mut item.get].into_iter().chain(operations).flatten() {
            let needs_token = serde_json::to_value(&operation.security)
                .is_ok_and(|security| security.to_string().contains("\"bearer\""));
            let responses = &mut operation.responses.responses;
            if needs_token {
                responses.entry("401".to_owned()).or_insert_with(|| {
                    RefOr::T(problem_response(
                        "Missing, invalid or expired access token (`auth.missing_token`, \
                         `auth.invalid_token`, `auth.token_expired`)",
                    ))
                });
            }
            let query = serde_json::to_value(&operation.parameters)
                .is_ok_and(|parameters| parameters.to_string().contains("\"in\":\"query\""));
            if query {
                responses.entry("400".to_owned()).or_insert_with(|| {
                    RefOr::T(problem_response(
                        "Invalid query parameters (`request.invalid_query`)",
                    ))
                });
            }
            if operation.request_body.is_none() {
                continue;
            }
            for (status, description) in [
                (
                    "400",
                    "Malformed body or query (`request.malformed_json`, `request.malformed_multipart`, `request.invalid_query`)",
                ),
                ("413", "Body larger than allowed (`request.too_large`)"),
                (
                    "415",
                    "Body is not `application/json` (`request.unsupported_media_type`)",
                ),
                (
                    "422",
                    "Body of the wrong shape or with invalid fields (`request.invalid_body`, `request.invalid_fields`, or a rule's code)",
                ),
            ] {
                responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::T(problem_response(description)));
            }
        }
    }
    document
}

/// Documents `Idempotency-Key` on a POST that honours it.
fn idempotent(operation: &mut utoipa::openapi::path::Operation) {
    let parameter = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(crate::api::idempotency::DESCRIPTION))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[!-~]+$")),
        ))
        .build();
    operation
        .parameters
        .get_or_insert_with(Vec::new)
        .push(RefOr::T(parameter));
    operation.responses.responses.entry("409".to_owned()).or_insert_with(|| {
        RefOr::T(problem_response(
            "A request with this `Idempotency-Key` is still running (`request.idempotency_in_progress`), \
             or the step is not possible now",
        ))
    });
}

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem")))),
        )
        .build()
}
