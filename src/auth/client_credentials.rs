//! Partner software logs in with client credentials (OAuth 2.0 `client_credentials`) and gets a
//! short access token for its entity's sessions. No refresh token: it asks again.

use super::{AuthSettings, secret_token};
use crate::db::DbConnection;
use crate::domain::api_client;
use crate::domain::grant::{Grant, Role};
use crate::domain::throttle::LOGIN_PER_ADDRESS;
use crate::error::{AppError, AppResult, Code};
use crate::ids::ApiClientId;
use crate::store::{api_clients, throttle_events, users};
use chrono::{DateTime, Utc};

pub struct ClientToken {
    pub access_token: String,
    pub expires_in: i64,
}

pub fn token(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    client_id: &str,
    client_secret: &str,
    client_address: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<ClientToken> {
    // Failed client logins count with failed logins of people from the same address.
    let throttle_key = client_address.map(|address| format!("address:{address}"));
    if let Some(key) = &throttle_key {
        throttle_events::check(conn, key, &LOGIN_PER_ADDRESS, now)?;
    }
    let client = match client_id.parse::<ApiClientId>() {
        Ok(id) => api_clients::find(conn, &id)?,
        Err(_) => None,
    };
    let Some(client) = client
        .filter(|client| client.revoked_at.is_none())
        .filter(|client| client.secret_hash == secret_token::hash(client_secret))
    else {
        if let Some(key) = &throttle_key {
            throttle_events::record(conn, key, &LOGIN_PER_ADDRESS, now)?;
        }
        return Err(AppError::new(
            Code::AuthInvalidClient,
            "Identifiants de client inconnus ou révoqués.",
        ));
    };
    api_client::check_may_act(api_clients::status(conn, &client)?)?;
    let creator = users::find(conn, &client.created_by)?.ok_or_else(AppError::not_found)?;
    let grant = Grant {
        role: Role::Integration,
        entity_id: Some(client.entity_id.clone()),
        ..Grant::admin()
    };
    let access_token = settings.jwt.issue(
        &creator.id,
        &creator.forprev_number(),
        vec![grant],
        Some(&client.id),
        now,
    )?;
    Ok(ClientToken {
        access_token,
        expires_in: settings.jwt.ttl.num_seconds(),
    })
}
