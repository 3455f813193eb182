use super::TokenResponse;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::session;
use crate::error::AppResult;
use actix_web::{HttpRequest, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The Forprev number (`JKA37899`) or the e-mail address, in any case.
    #[schema(example = "JKA37899")]
    pub login: String,
    #[schema(format = Password, example = "un mot de passe assez long")]
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
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Unknown login or wrong password (`auth.invalid_credentials`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts (`request.throttled`)", body = Problem,
            content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    let LoginRequest { login, password } = body.into_inner();
    let address = state.client_address(&req);
    let now = state.clock.now();
    let tokens = state
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
    Ok(web::Json(tokens.into()))
}
