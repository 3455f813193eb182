use super::TokenResponse;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::password_reset;
use crate::domain::throttle::RESETS_PER_ADDRESS;
use crate::error::AppResult;
use crate::store::throttle_events;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    /// Forprev number or e-mail.
    #[schema(example = "ABC12345")]
    pub login: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetConfirmation {
    /// The token of the link received by e-mail.
    pub token: String,
    /// The new password: at least 12 characters.
    #[schema(format = Password)]
    pub password: String,
}

/// Forgotten password: if the login is a person's, a link valid for an hour is e-mailed to it
/// (at most one every 15 minutes). The answer is the same whether the login exists or not.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the login exists, an e-mail is on its way"),
        (status = 429, description = "Too many requests from this address (`request.throttled`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<PasswordResetRequest>,
) -> AppResult<HttpResponse> {
    let login = body.into_inner().login;
    let key = format!(
        "password-reset-address:{}",
        state.client_address(&req).unwrap_or_default()
    );
    let now = state.clock.now();
    state
        .db(move |conn, state| {
            throttle_events::check(conn, &key, &RESETS_PER_ADDRESS, now)?;
            throttle_events::record(conn, &key, &RESETS_PER_ADDRESS, now)?;
            password_reset::request(conn, &state.config, &login, now)
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Choose a new password from a reset link: every other device is logged out, and the caller is
/// logged in.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirmation,
    responses(
        (status = 200, description = "Password changed; logged in", body = TokenResponse),
        (status = 401, description = "Unknown, expired or already used link", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    body: JsonBody<PasswordResetConfirmation>,
) -> AppResult<web::Json<TokenResponse>> {
    let PasswordResetConfirmation { token, password } = body.into_inner();
    let now = state.clock.now();
    let tokens = state
        .db(move |conn, state| password_reset::confirm(conn, &state.auth, &token, &password, now))
        .await?;
    Ok(web::Json(tokens.into()))
}
