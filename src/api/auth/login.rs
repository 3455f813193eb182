use super::TokenResponse;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::api::problem::rate_limit_headers;
use crate::auth::session;
use crate::error::AppResult;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// A Forprev number or an e-mail address, in any case (the example is the demo world's
    /// administrator, created by `forprev seed-demo`).
    #[schema(example = "ADM00001")]
    pub login: String,
    #[schema(format = Password, example = "demo-forprev-2026")]
    pub password: String,
}

/// Log in with a Forprev number or an e-mail address and a password.
///
/// Repeated failures for one account (5 in 15 minutes) or from one address (20 in 15 minutes)
/// are throttled: the answer is then 429 with `Retry-After`, even for the right password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse, headers(
            ("RateLimit-Policy" = String, description = "The per-address quota of failed logins: `\"login-address\";q=20;w=900`"),
            ("RateLimit" = String, description = "Failures left and seconds until one frees: `\"login-address\";r=20;t=900`"))),
        (status = 401, description = "Unknown login or wrong password (`auth.invalid_credentials`)",
            body = Problem, content_type = "application/problem+json", headers(
            ("RateLimit-Policy" = String, description = "The per-address quota of failed logins"),
            ("RateLimit" = String, description = "Failures left and seconds until one frees"))),
        (status = 429, description = "Too many failed attempts (`request.throttled`)", body = Problem,
            content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"),
            ("RateLimit-Policy" = String, description = "The quota that was reached"),
            ("RateLimit" = String, description = "`r=0` and the seconds until an attempt frees"))),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginRequest>,
) -> AppResult<HttpResponse> {
    let LoginRequest { login, password } = body.into_inner();
    let address = state.client_address(&req);
    let now = state.clock.now();
    let logged_in = state
        .hashing(move |state| {
            session::login(
                &state.pool,
                &state.auth,
                &login,
                &password,
                address.as_deref(),
                now,
            )
        })
        .await?;
    let mut response = HttpResponse::Ok();
    if let Some(limit) = &logged_in.rate_limit {
        rate_limit_headers(&mut response, limit);
    }
    Ok(response.json(TokenResponse::from(logged_in.tokens)))
}
