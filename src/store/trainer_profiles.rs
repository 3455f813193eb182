//! A trainer's own settings.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::trainer_profiles;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub caisse_code: Option<String>,
    pub session_alerts: bool,
}

/// The settings, or the defaults (no caisse, no alerts) when never set.
pub fn find(conn: &mut DbConnection, user: &UserId) -> QueryResult<Profile> {
    trainer_profiles::table
        .find(user)
        .select((
            trainer_profiles::caisse_code,
            trainer_profiles::session_alerts,
        ))
        .first::<(Option<String>, bool)>(conn)
        .optional()
        .map(|row| {
            row.map(|(caisse_code, session_alerts)| Profile {
                caisse_code,
                session_alerts,
            })
            .unwrap_or_default()
        })
}

pub fn save(
    conn: &mut DbConnection,
    user: &UserId,
    profile: &Profile,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(trainer_profiles::table.find(user)).execute(conn)?;
    diesel::insert_into(trainer_profiles::table)
        .values((
            trainer_profiles::user_id.eq(user),
            trainer_profiles::caisse_code.eq(&profile.caisse_code),
            trainer_profiles::session_alerts.eq(profile.session_alerts),
            trainer_profiles::updated_at.eq(naive(now)),
        ))
        .execute(conn)
        .map(drop)
}
