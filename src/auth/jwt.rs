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

/// How many verified tokens an instance keeps (a token lives 15 minutes: far more callers than
/// a national peak brings to one instance).
const VERIFIED_CAPACITY: usize = 20_000;

/// The tokens already verified, by their exact text. When full, the expired ones go; if none
/// has expired, it starts again empty (those tokens are verified again at their next use).
struct VerifiedTokens {
    capacity: usize,
    bearers: RwLock<HashMap<Box<str>, Bearer>>,
}

impl VerifiedTokens {
    fn new(capacity: usize) -> Self {
        VerifiedTokens {
            capacity,
            bearers: RwLock::default(),
        }
    }

    fn get(&self, token: &str) -> Option<Bearer> {
        let bearers = self.bearers.read().unwrap_or_else(PoisonError::into_inner);
        bearers.get(token).cloned()
    }

    fn keep(&self, token: &str, bearer: Bearer, now: DateTime<Utc>) {
        let mut bearers = self.bearers.write().unwrap_or_else(PoisonError::into_inner);
        if bearers.len() >= self.capacity {
            let now = now.timestamp();
            bearers.retain(|_, bearer| bearer.exp > now);
            if bearers.len() >= self.capacity {
                bearers.clear();
            }
        }
        bearers.insert(token.into(), bearer);
    }
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl: Duration,
    verified: VerifiedTokens,
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
            verified: VerifiedTokens::new(VERIFIED_CAPACITY),
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
        if let Some(bearer) = self.verified.get(token) {
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
        self.verified.keep(token, bearer.clone(), now);
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

#[cfg(test)]
mod tests {
    use super::{Bearer, VerifiedTokens};
    use crate::ids::UserId;
    use chrono::{TimeZone, Utc};

    fn bearer(exp: i64) -> Bearer {
        Bearer {
            user_id: UserId::generate(),
            client_id: None,
            iat: 0,
            exp,
        }
    }

    #[test]
    fn a_full_store_drops_the_expired_tokens_then_starts_again() {
        let now = Utc.timestamp_opt(1_000, 0).unwrap();
        let verified = VerifiedTokens::new(2);
        verified.keep("expired", bearer(1_000), now);
        verified.keep("valid", bearer(2_000), now);
        verified.keep("new", bearer(2_000), now);
        assert!(verified.get("expired").is_none());
        assert!(verified.get("valid").is_some() && verified.get("new").is_some());
        verified.keep("newer", bearer(2_000), now);
        assert!(verified.get("valid").is_none() && verified.get("new").is_none());
        assert!(verified.get("newer").is_some());
    }
}
