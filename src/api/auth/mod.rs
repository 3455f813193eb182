//! `/api/v1/auth/*`: log in, renew the tokens, log out.

pub mod accept_invitation;
pub mod login;
pub mod logout;
pub mod password_reset;
pub mod refresh;
pub mod token;

use crate::auth::session::Tokens;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub enum TokenType {
    Bearer,
}

/// The tokens of a login: a short-lived access token for `Authorization: Bearer …`, and a
/// single-use refresh token that obtains the next pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT carrying the identity and every grant; send it as `Authorization: Bearer …`.
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds the access token stays valid (900 by default).
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Single use: `POST /api/v1/auth/refresh` returns a new pair and spends this one.
    pub refresh_token: String,
    /// Seconds the refresh token stays valid.
    #[schema(example = 2592000)]
    pub refresh_expires_in: i64,
}

impl From<Tokens> for TokenResponse {
    fn from(tokens: Tokens) -> Self {
        TokenResponse {
            access_token: tokens.access_token,
            token_type: TokenType::Bearer,
            expires_in: tokens.expires_in,
            refresh_token: tokens.refresh_token,
            refresh_expires_in: tokens.refresh_expires_in,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshTokenRequest {
    pub refresh_token: String,
}
