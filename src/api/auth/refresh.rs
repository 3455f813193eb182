use super::{RefreshTokenRequest, TokenResponse};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::session;
use crate::error::AppResult;
use actix_web::{post, web};

/// Trade a refresh token for a new pair of tokens (grants are read again).
///
/// Each refresh token works once. Presenting a spent one revokes every token of that login
/// (`auth.refresh_token_reused`): the client must log in again.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshTokenRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: JsonBody<RefreshTokenRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    let token = body.into_inner().refresh_token;
    let now = state.clock.now();
    let tokens = state
        .db(move |conn, state| session::refresh(conn, &state.auth, &token, now))
        .await?;
    Ok(web::Json(tokens.into()))
}
