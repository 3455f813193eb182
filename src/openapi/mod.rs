//! The OpenAPI document: the base (info, servers, security schemes, shared schemas, tags, the
//! webhooks partners receive) and, once the routes are collected, what every operation of a kind
//! shares (`finish`). The committed `openapi/openapi.json` must equal what this builds (a test
//! checks it), and CI generates a client from it and drives a journey with that client.

mod finish;

pub use finish::finish;

use crate::api::problem::Problem;
use crate::error::FieldError;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityScheme,
};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Forprev API",
        description = "Habilitations of training bodies and certificates of prevention training \
            schemes (SST, PRAP, APS ASD…) for the French occupational-prevention network.\n\n\
            Log in with `POST /api/v1/auth/login` (people) or `POST /api/v1/auth/token` (partner \
            software, OAuth 2.0 client credentials), then send `Authorization: Bearer \
            <access_token>`. Errors are `application/problem+json` (RFC 9457) with a stable \
            `code`, listed at `GET /api/v1/errors`. Sessions carry an `ETag`: send it back as \
            `If-Match`. A POST that creates or changes something takes an `Idempotency-Key`, so \
            that a retry is safe. Lists are paged with `limit` and `cursor`.\n\n\
            To try it: `forprev seed-demo` fills an empty development database; every demo \
            account's password is `demo-forprev-2026` (`ADM00001` is an admin, `MAN00001` a \
            manager, `TRN00001` a trainer).",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
        contact(name = "Forprev", email = "support@forprev.fr", url = "https://www.forprev.fr"),
    ),
    servers((url = "/", description = "This server")),
    modifiers(&Security),
    components(schemas(Problem, FieldError, crate::notifications::WebhookEvent, crate::api::download::FileBytes)),
    tags(
        (name = "auth", description = "Log in, renew tokens, log out"),
        (name = "me", description = "The caller"),
        (name = "dashboard", description = "Tasks à traiter, per role"),
        (name = "users", description = "People, who join by invitation"),
        (name = "reference", description = "The scheme catalogue and the error codes"),
        (name = "entities", description = "Training bodies and companies"),
        (name = "documents", description = "What entities upload for their requests"),
        (name = "trainers", description = "The trainer registry"),
        (name = "sessions", description = "Certification sessions"),
        (name = "certificates", description = "Verification of certificates, their keys, revocation"),
        (name = "statistics", description = "What the network certified, kept after the purge, with no personal data"),
        (name = "partner software", description = "API clients of an entity (client credentials)"),
        (name = "directory", description = "The public directory of habilitated entities"),
        (name = "habilitations", description = "What entities are habilitated for, and their delegates"),
        (name = "habilitation requests", description = "Drafted by entities, reviewed by caisses, decided by the commission"),
        (name = "health", description = "Probes"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
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
        components.add_security_scheme(
            "client_credentials",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::ClientCredentials(ClientCredentials::new(
                    "/api/v1/auth/token",
                    Scopes::new(),
                ))],
                "Partner software: an API client of an entity (`POST /api/v1/entities/{id}/api-clients`) \
                 gets a token for its entity's sessions and the lookups they need.",
            )),
        );
    }
}

pub fn base() -> Document {
    ApiDoc::openapi()
}
