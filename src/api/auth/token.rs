use super::TokenType;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::client_credentials;
use crate::error::{AppError, AppResult, Code};
use actix_web::{HttpRequest, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientCredentials {
    /// Always `client_credentials`.
    #[schema(example = "client_credentials")]
    pub grant_type: String,
    pub client_id: String,
    #[schema(format = Password)]
    pub client_secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientTokenResponse {
    pub access_token: String,
    pub token_type: TokenType,
    #[schema(example = 900)]
    pub expires_in: i64,
}

/// Partner software's token (OAuth 2.0 client credentials, form-encoded): valid for its entity's
/// sessions and trainees, and for the habilitation and trainer lookups a declaration needs.
#[utoipa::path(
    tag = "auth",
    request_body(content = ClientCredentials, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A token", body = ClientTokenResponse),
        (status = 401, description = "Unknown or revoked client, or wrong secret (`auth.invalid_client`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures from this address (`request.throttled`)", body = Problem,
            content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(())
)]
#[post("/auth/token")]
pub async fn client_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<ClientCredentials>,
) -> AppResult<web::Json<ClientTokenResponse>> {
    let ClientCredentials {
        grant_type,
        client_id,
        client_secret,
    } = form.into_inner();
    if grant_type != "client_credentials" {
        return Err(AppError::new(
            Code::AuthUnsupportedGrantType,
            "Seul grant_type=client_credentials est accepté ici.",
        ));
    }
    if [&client_id, &client_secret]
        .iter()
        .any(|text| text.contains('\0'))
    {
        return Err(AppError::new(
            Code::AuthInvalidRequest,
            "Caractère NUL refusé.",
        ));
    }
    let address = state.client_address(&req);
    let now = state.clock.now();
    let token = state
        .db(move |conn, state| {
            client_credentials::token(
                conn,
                &state.auth,
                &client_id,
                &client_secret,
                address.as_deref(),
                now,
            )
        })
        .await?;
    Ok(web::Json(ClientTokenResponse {
        access_token: token.access_token,
        token_type: TokenType::Bearer,
        expires_in: token.expires_in,
    }))
}
