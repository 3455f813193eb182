use super::RefreshTokenRequest;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::auth::session;
use crate::error::AppResult;
use actix_web::{HttpResponse, post, web};

/// Log out: revokes the refresh token and every token of the same login.
///
/// Needs no access token (it may have expired); an unknown refresh token is ignored.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshTokenRequest,
    responses((status = 204, description = "Logged out")),
    security(())
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: JsonBody<RefreshTokenRequest>,
) -> AppResult<HttpResponse> {
    let token = body.into_inner().refresh_token;
    let now = state.clock.now();
    state
        .db(move |conn, _| session::logout(conn, &token, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
