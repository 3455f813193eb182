//! Forgotten passwords. A request for a login (Forprev number or e-mail) e-mails the person a
//! single-use link valid for an hour, and answers the same whether the login exists or not. The
//! link's token works like an invitation: it sets the new password, logs the person in, and logs
//! every other device out. Also how imported people, who have no password, choose one.

use super::{AuthSettings, invitation, secret_token};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::notification;
use crate::domain::throttle::RESETS_PER_ACCOUNT;
use crate::error::AppResult;
use crate::store::outbox::{self, NewMessage};
use crate::store::{invitations, refresh_tokens, throttle_events, users};
use chrono::{DateTime, Duration, Utc};

/// How long a reset link works.
pub const RESET_TTL: Duration = Duration::hours(1);

/// Queues the reset e-mail if `login` is an active person's and none was sent in the last 15
/// minutes; silent either way.
pub fn request(
    conn: &mut DbConnection,
    config: &Config,
    login: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(user) = users::find_by_login(conn, login)?.filter(|user| user.active) else {
        return Ok(());
    };
    let key = format!("password-reset:{}", user.id);
    if throttle_events::wait(conn, &key, &RESETS_PER_ACCOUNT, now)?.is_some() {
        return Ok(());
    }
    let (token, token_hash) = secret_token::generate();
    let expires_at = now + RESET_TTL;
    let link = format!("{}/password-reset?token={token}", config.public_url);
    let (subject, body) = notification::password_reset(&user.given_name, &link, expires_at);
    conn.write_transaction(|conn| {
        throttle_events::record(conn, &key, &RESETS_PER_ACCOUNT, now)?;
        invitations::insert(conn, &user.id, &token_hash, now, expires_at)?;
        let message = NewMessage {
            channel: outbox::EMAIL,
            recipient: &user.email,
            topic: "password.reset",
            subject: Some(&subject),
            body: &body,
            dedupe_key: None,
            session_id: None,
            attachments: &[],
        };
        outbox::enqueue(conn, message, now)?;
        AppResult::Ok(())
    })
}

/// Sets the new password from a reset link, logs every device out, and logs the person in.
pub fn confirm(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    token: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<super::session::Tokens> {
    let user = invitation::accept_password(conn, token, new_password, now)?;
    refresh_tokens::revoke_all_of(conn, &user.id, now)?;
    super::session::open(conn, settings, &user, now)
}
