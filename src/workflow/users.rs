//! People made by the national administration (`Access::require_admin`): an account with its
//! grants, and the invitation with which the person chooses a password.

use crate::auth::invitation::{self, Invited, NewPerson};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::grant::Grant;
use crate::error::{AppError, AppResult};
use crate::store::grants;
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
