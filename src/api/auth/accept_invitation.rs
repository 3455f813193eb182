use super::TokenResponse;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::invitation;
use crate::error::AppResult;
use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptInvitationRequest {
    /// The invitation token received by e-mail or from the admin.
    pub token: String,
    /// The password the person chooses: at least 12 characters.
    #[schema(format = Password)]
    pub password: String,
}

/// Accept an invitation: choose a password, and be logged in.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Password set; logged in", body = TokenResponse),
        (status = 401, description = "Unknown, expired or already used invitation", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    body: JsonBody<AcceptInvitationRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    let AcceptInvitationRequest { token, password } = body.into_inner();
    let now = state.clock.now();
    let tokens = state
        .db(move |conn, state| invitation::accept(conn, &state.auth, &token, &password, now))
        .await?;
    Ok(web::Json(tokens.into()))
}
