//! Access tokens: HS256 JWTs carrying the user's identity and all its grants. Only the configured
//! algorithm is accepted; `iss`, `aud`, `iat`, `exp` are required and checked, `exp` against the
//! injected clock (so tests can expire a token without waiting).
//!
//! A request needs only who the token names (`Bearer`). Once a token's signature and claims are
//! verified, its bearer is kept by the exact token text, so that the caller's next requests skip
//! the decoding (a tenth of an authenticated read); its times are checked at every request. What
//! the caller may do is never kept: it is read from the database at each request.

use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Grant;
use crate::error::{AppError, AppResult, Code};
use crate::ids::{ApiClientId, UserId};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

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

/// Who a valid access token names: all that a request takes from it.
#[derive(Debug, Clone)]
pub struct Bearer {
    pub user_id: UserId,
    /// Set when partner software holds the token; `user_id` is then the manager who created it.
    pub client_id: Option<ApiClientId>,
    iat: i64,
    exp: i64,
}

/// How many verified tokens an instance keeps; when full, it starts again empty (a token
/// lives 15 minutes: far more callers than a national peak of one instance).
const VERIFIED_CAPACITY: usize = 20_000;

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl: Duration,
    verified: RwLock<HashMap<Box<str>, Bearer>>,
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
            verified: RwLock::default(),
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

    /// The token's claims, decoded and checked.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> AppResult<AccessClaims> {
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| invalid_token())?
            .claims;
        check_times(claims.iat, claims.exp, now)?;
        Ok(claims)
    }

    /// Who the token names, if it is valid at `now`: from the tokens already verified, or
    /// verified now and kept.
    pub fn bearer(&self, token: &str, now: DateTime<Utc>) -> AppResult<Bearer> {
        let known = self
            .verified
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(token)
            .cloned();
        if let Some(bearer) = known {
            check_times(bearer.iat, bearer.exp, now)?;
            return Ok(bearer);
        }
        let claims = self.verify(token, now)?;
        let bearer = Bearer {
            user_id: claims.sub,
            client_id: claims.client_id,
            iat: claims.iat,
            exp: claims.exp,
        };
        let mut verified = self
            .verified
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if verified.len() >= VERIFIED_CAPACITY {
            let now = now.timestamp();
            verified.retain(|_, bearer| bearer.exp > now);
            if verified.len() >= VERIFIED_CAPACITY {
                verified.clear();
            }
        }
        verified.insert(token.into(), bearer.clone());
        Ok(bearer)
    }
}

fn check_times(iat: i64, exp: i64, now: DateTime<Utc>) -> AppResult<()> {
    let now = now.timestamp();
    if exp <= now {
        return Err(AppError::new(
            Code::AuthTokenExpired,
            "Le jeton d'accès a expiré : renouvelez-le.",
        ));
    }
    // A token from the future was not issued by this service's clock.
    if iat > now + 60 {
        return Err(invalid_token());
    }
    Ok(())
}

fn invalid_token() -> AppError {
    AppError::new(Code::AuthInvalidToken, "Le jeton d'accès est invalide.")
}
