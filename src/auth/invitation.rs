//! People join by invitation, never with a password chosen by someone else: a new person gets a
//! Forprev number and a single-use invitation, which it turns into its password.

use super::session::{self, Tokens};
use super::{AuthSettings, password, secret_token};
use crate::db::DbConnection;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::password_policy;
use crate::error::{AppError, AppResult, Code};
use crate::ids::UserId;
use crate::store::{invitations, users};
use chrono::{DateTime, Duration, Utc};

/// How long an invitation can be accepted.
pub const INVITATION_TTL: Duration = Duration::days(14);

/// A person to invite; e-mail and names already normalised.
pub struct NewPerson<'a> {
    pub email: &'a str,
    pub family_name: &'a str,
    pub given_name: &'a str,
}

pub struct Invited {
    pub user_id: UserId,
    pub forprev_number: ForprevNumber,
    /// Shown once: to the admin who invited, or in the invitation e-mail.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates the person, without a password, with a new Forprev number and an invitation. Runs in
/// the caller's transaction, so the caller can add the person's grants with it.
pub fn invite(
    conn: &mut DbConnection,
    person: NewPerson<'_>,
    now: DateTime<Utc>,
) -> AppResult<Invited> {
    if users::email_taken(conn, person.email)? {
        return Err(AppError::new(
            Code::UserEmailTaken,
            "Cette adresse e-mail a déjà un compte.",
        ));
    }
    let forprev_number = new_forprev_number(conn)?;
    let user_id = users::insert(
        conn,
        users::NewUser {
            forprev_number: &forprev_number,
            email: person.email,
            family_name: person.family_name,
            given_name: person.given_name,
            password_hash: None,
            provisional: false,
        },
        now,
    )?;
    let (token, token_hash) = secret_token::generate();
    let expires_at = now + INVITATION_TTL;
    invitations::insert(conn, &user_id, &token_hash, now, expires_at)?;
    Ok(Invited {
        user_id,
        forprev_number,
        token,
        expires_at,
    })
}

/// A Forprev number nobody has. 17.6 billion numbers: a collision is rare, and each retry draws
/// again.
pub fn new_forprev_number(conn: &mut DbConnection) -> AppResult<ForprevNumber> {
    for _ in 0..20 {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(AppError::internal)?;
        let candidate = ForprevNumber::from_random(bytes);
        if !users::forprev_number_taken(conn, &candidate)? {
            return Ok(candidate);
        }
    }
    Err(AppError::internal("no free Forprev number after 20 draws"))
}

/// Turns an invitation into the person's password and logs the person in.
pub fn accept(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    token: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<Tokens> {
    let user = accept_password(conn, token, new_password, now)?;
    session::open(conn, settings, &user, now)
}

/// Uses an invitation (or a password-reset link) once: sets the person's new password.
pub fn accept_password(
    conn: &mut DbConnection,
    token: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<users::UserRecord> {
    password_policy::check(new_password)
        .map_err(|detail| AppError::new(Code::UserWeakPassword, detail))?;
    let invitation = invitations::find_by_hash(conn, &secret_token::hash(token))?
        .ok_or_else(|| AppError::new(Code::AuthInvalidInvitation, "Invitation inconnue."))?;
    if invitation.expires_at.and_utc() <= now {
        return Err(AppError::new(
            Code::AuthInvitationExpired,
            "Cette invitation a expiré : demandez-en une nouvelle.",
        ));
    }
    let password_hash = password::hash(new_password);
    let user = conn.write_transaction(|conn| {
        if !invitations::accept(conn, &invitation.id, now)? {
            return Err(AppError::new(
                Code::AuthInvitationUsed,
                "Cette invitation a déjà servi.",
            ));
        }
        users::set_password(conn, &invitation.user_id, &password_hash, now)?;
        users::find(conn, &invitation.user_id)?.ok_or_else(AppError::not_found)
    })?;
    Ok(user)
}
