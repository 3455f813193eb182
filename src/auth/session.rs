//! The login, refresh and logout flows: each runs on one database connection with the instant
//! passed in, and returns the tokens the client keeps.

use super::{AuthSettings, password, secret_token};
use crate::db::{DbConnection, Pool};
use crate::domain::throttle::{self, Throttle};
use crate::error::{AppError, AppResult, Code, RateLimit};
use crate::store::refresh_tokens::{self, NewRefreshToken};
use crate::store::users::UserRecord;
use crate::store::{throttle_events, trainer_certificates, users};
use chrono::{DateTime, Utc};

/// What a successful login or refresh hands the client.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: String,
    pub refresh_expires_in: i64,
}

/// What a login answers: its tokens, and where the client's address stands in the login throttle.
pub struct LoggedIn {
    pub tokens: Tokens,
    pub rate_limit: Option<RateLimit>,
}

/// Checks a login (Forprev number or e-mail) and its password. Throttled per account and per
/// client address: past the limit even a right password waits, so guessing gains nothing. The
/// password hash is checked holding no database connection: it is the slow part (tens of
/// milliseconds, on purpose), and a pool of connections waiting on it would starve other requests.
pub fn login(
    pool: &Pool,
    settings: &AuthSettings,
    login: &str,
    password: &str,
    client_address: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<LoggedIn> {
    let (user, throttles, mut rate_limit) = {
        let conn = &mut *pool.get()?;
        let user = users::find_by_login(conn, login)?;
        let mut throttles: Vec<(String, Throttle)> = Vec::with_capacity(2);
        if let Some(user) = &user {
            throttles.push((format!("account:{}", user.id), throttle::LOGIN_PER_ACCOUNT));
        }
        if let Some(address) = client_address {
            throttles.push((format!("address:{address}"), throttle::LOGIN_PER_ADDRESS));
        }
        let mut rate_limit = None;
        for (key, throttle) in &throttles {
            let state = throttle_events::check(conn, key, throttle, now)?;
            if throttle.policy == throttle::LOGIN_PER_ADDRESS.policy {
                rate_limit = Some(state);
            }
        }
        (user, throttles, rate_limit)
    };

    let accepted = match &user {
        Some(UserRecord {
            active: true,
            password_hash: Some(hash),
            ..
        }) => password::verify(password, hash),
        _ => {
            password::verify_against_nobody(password);
            false
        }
    };
    let conn = &mut *pool.get()?;
    let Some(user) = user.filter(|_| accepted) else {
        for (key, throttle) in &throttles {
            throttle_events::record(conn, key, throttle, now)?;
        }
        let mut refusal = AppError::new(
            Code::AuthInvalidCredentials,
            "Identifiant ou mot de passe incorrect.",
        );
        if let Some(limit) = &mut rate_limit {
            limit.remaining = limit.remaining.saturating_sub(1);
        }
        refusal.rate_limit = rate_limit.map(Box::new);
        return Err(refusal);
    };
    throttle_events::clear(conn, &format!("account:{}", user.id))?;
    let tokens = open(conn, settings, &user, now)?;
    Ok(LoggedIn { tokens, rate_limit })
}

/// Starts a new login of `user` (a new refresh-token family) and returns its tokens.
pub fn open(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    user: &UserRecord,
    now: DateTime<Utc>,
) -> AppResult<Tokens> {
    let family = uuid::Uuid::now_v7().to_string();
    conn.write_transaction(|conn| issue(conn, settings, user, &family, now))
}

/// Trades a refresh token for new tokens. Each refresh token works once: presenting a spent one
/// means it was stolen or replayed, so the whole family (every token of that login) is revoked.
pub fn refresh(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Tokens> {
    let Some(record) = refresh_tokens::find_by_hash(conn, &secret_token::hash(token))? else {
        return Err(AppError::new(
            Code::AuthInvalidRefreshToken,
            "Jeton de renouvellement inconnu.",
        ));
    };
    if record.revoked_at.is_some() {
        return Err(AppError::new(
            Code::AuthRefreshTokenRevoked,
            "Cette session a été fermée : reconnectez-vous.",
        ));
    }
    if record.spent_at.is_some() {
        return Err(reused(conn, &record.family_id, now));
    }
    if record.expires_at.and_utc() <= now {
        return Err(AppError::new(
            Code::AuthRefreshTokenExpired,
            "Le jeton de renouvellement a expiré : reconnectez-vous.",
        ));
    }
    let issued = conn.write_transaction(|conn| -> AppResult<Option<Tokens>> {
        if !refresh_tokens::spend(conn, &record.id, now)? {
            return Ok(None);
        }
        let user = users::find(conn, &record.user_id)?
            .filter(|user| user.active)
            .ok_or_else(|| AppError::new(Code::AuthAccountDisabled, "Ce compte est désactivé."))?;
        issue(conn, settings, &user, &record.family_id, now).map(Some)
    })?;
    // `None`: a concurrent request spent the same token first, which is a reuse too.
    issued.ok_or_else(|| reused(conn, &record.family_id, now))
}

/// Ends the login the refresh token belongs to. Unknown tokens are ignored: logging out twice is
/// not an error.
pub fn logout(conn: &mut DbConnection, token: &str, now: DateTime<Utc>) -> AppResult<()> {
    if let Some(record) = refresh_tokens::find_by_hash(conn, &secret_token::hash(token))? {
        refresh_tokens::revoke_family(conn, &record.family_id, now)?;
    }
    Ok(())
}

fn issue(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    user: &UserRecord,
    family_id: &str,
    now: DateTime<Utc>,
) -> AppResult<Tokens> {
    let grants = trainer_certificates::grants_with_trainer_role(conn, &user.id, now.date_naive())?;
    let access_token = settings
        .jwt
        .issue(&user.id, &user.forprev_number(), grants, None, now)?;
    let (refresh_token, token_hash) = secret_token::generate();
    refresh_tokens::insert(
        conn,
        NewRefreshToken {
            family_id,
            user_id: &user.id,
            token_hash: &token_hash,
            issued_at: now,
            expires_at: now + settings.refresh_ttl,
        },
    )?;
    Ok(Tokens {
        access_token,
        expires_in: settings.jwt.ttl.num_seconds(),
        refresh_token,
        refresh_expires_in: settings.refresh_ttl.num_seconds(),
    })
}

fn reused(conn: &mut DbConnection, family_id: &str, now: DateTime<Utc>) -> AppError {
    if let Err(error) = refresh_tokens::revoke_family(conn, family_id, now) {
        return error.into();
    }
    tracing::warn!(
        family_id,
        "spent refresh token presented again: family revoked"
    );
    AppError::new(
        Code::AuthRefreshTokenReused,
        "Ce jeton de renouvellement a déjà servi : par sécurité, la session est fermée.",
    )
}
