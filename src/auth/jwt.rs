//! Access tokens: HS256 JWTs carrying the user's identity and all its grants. Only the configured
//! algorithm is accepted; `iss`, `aud`, `iat`, `exp` are required and checked, `exp` against the
//! injected clock (so tests can expire a token without waiting).

use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Grant;
use crate::error::{AppError, AppResult, Code};
use crate::ids::{ApiClientId, UserId};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "forprev";
pub const AUDIENCE: &str = "forprev-api";
pub const ALGORITHM: Algorithm = Algorithm::HS256;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: UserId,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    pub forprev_number: ForprevNumber,
    pub grants: Vec<Grant>,
    /// Set when partner software holds the token; `sub` is then the manager who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<ApiClientId>,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        let mut validation = Validation::new(ALGORITHM);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        // Checked below against the injected clock rather than the system time.
        validation.validate_exp = false;
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    pub fn issue(
        &self,
        user: &UserId,
        forprev_number: &ForprevNumber,
        grants: Vec<Grant>,
        client_id: Option<&ApiClientId>,
        now: DateTime<Utc>,
    ) -> AppResult<String> {
        let claims = AccessClaims {
            sub: user.clone(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            forprev_number: forprev_number.clone(),
            grants,
            client_id: client_id.cloned(),
        };
        jsonwebtoken::encode(&Header::new(ALGORITHM), &claims, &self.encoding)
            .map_err(AppError::internal)
    }

    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> AppResult<AccessClaims> {
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| invalid_token())?
            .claims;
        let now = now.timestamp();
        if claims.exp <= now {
            return Err(AppError::new(
                Code::AuthTokenExpired,
                "Le jeton d'accès a expiré : renouvelez-le.",
            ));
        }
        // A token from the future was not issued by this service's clock.
        if claims.iat > now + 60 {
            return Err(invalid_token());
        }
        Ok(claims)
    }
}

fn invalid_token() -> AppError {
    AppError::new(Code::AuthInvalidToken, "Le jeton d'accès est invalide.")
}
