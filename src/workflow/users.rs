//! People made by the national administration (`Access::require_admin`): an account with its
//! grants, and the invitation with which the person chooses a password; a duplicate account
//! merged into the one kept.

use crate::auth::invitation::{self, Invited, NewPerson};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::grant::Grant;
use crate::error::{AppError, AppResult, Code};
use crate::ids::UserId;
use crate::store::grants;
use crate::store::user_merges::{self, Moved};
use crate::store::users::{self, UserRecord};
use chrono::{DateTime, Utc};

/// The account, its grants and its invitation.
pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    person: NewPerson,
    granted: &[Grant],
    now: DateTime<Utc>,
) -> AppResult<(UserRecord, Vec<Grant>, Invited)> {
    access.require_admin()?;
    let invited = invitation::invite(conn, person, now)?;
    for grant in granted {
        grants::insert(conn, &invited.user_id, grant, now)?;
    }
    let user = users::find(conn, &invited.user_id)?.ok_or_else(AppError::not_found)?;
    let held = grants::of_user(conn, &invited.user_id)?;
    Ok((user, held, invited))
}

/// Merges the account `duplicate` into `into` (`store::user_merges` says what moves and how
/// conflicts are settled): the duplicate that was, the account kept with its grants, and what
/// moved.
pub fn merge(
    conn: &mut DbConnection,
    access: &Access,
    (duplicate, into): (&UserId, &UserId),
    now: DateTime<Utc>,
) -> AppResult<(UserRecord, UserRecord, Vec<Grant>, Moved)> {
    access.check_merges(duplicate, into)?;
    let merged = users::find(conn, duplicate)?.ok_or_else(AppError::not_found)?;
    let kept = users::find(conn, into)?.ok_or_else(AppError::not_found)?;
    if !kept.active {
        return Err(AppError::new(
            Code::UserMergeDisabled,
            "Le compte à garder est désactivé.",
        ));
    }
    let moved = user_merges::merge(conn, &merged, &kept, &access.user_id, now)?;
    let held = grants::of_user(conn, into)?;
    Ok((merged, kept, held, moved))
}
