//! Merging a duplicate account into the account kept: every row that names the duplicate names
//! the kept account instead, then the duplicate goes, with its refresh tokens and invitations.
//! Each reference to `users` is listed here: a test merges an account referenced by all of them.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{
    api_clients, certificate_revocations, entity_documents, grants, habilitation_request_events,
    habilitation_requests, habilitations, invitations, refresh_tokens, session_events, sessions,
    trainees, trainer_certificates, trainer_profiles, user_merges, users,
};
use crate::ids::UserId;
use crate::store::users::UserRecord;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// A grant's role and scope: entity, habilitation, caisse.
type Scope = (String, Option<String>, Option<String>, Option<String>);

/// What the duplicate brought to the account kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Moved {
    pub grants: usize,
    pub trainer_certificates: usize,
    pub sessions_trained: usize,
    pub api_clients: usize,
}

/// Moves what `duplicate` holds to `into`, deletes `duplicate` and records the merge by `by`.
/// Rules: a grant the kept account holds already is dropped with the duplicate; every trainer
/// certificate moves (both of two valid ones for a scheme: the trainer role lasts while one is);
/// the kept account's trainer profile stays, the duplicate's moves only when it has none; a
/// trainee named by the duplicate's Forprev number is named by the kept one's.
pub fn merge(
    conn: &mut DbConnection,
    duplicate: &UserRecord,
    into: &UserRecord,
    by: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<Moved> {
    let (old, new) = (&duplicate.id, &into.id);
    let scope = (
        grants::role,
        grants::entity_id,
        grants::habilitation_id,
        grants::caisse_code,
    );
    let held: Vec<Scope> = grants::table
        .filter(grants::user_id.eq(new))
        .select(scope)
        .load(conn)?;
    let theirs: Vec<(String, Scope)> = grants::table
        .filter(grants::user_id.eq(old))
        .select((grants::id, scope))
        .load(conn)?;
    let twice: Vec<_> = theirs
        .iter()
        .filter(|(_, grant)| held.contains(grant))
        .map(|(id, _)| id)
        .collect();
    diesel::delete(grants::table.filter(grants::id.eq_any(twice))).execute(conn)?;
    let moved = Moved {
        grants: diesel::update(grants::table.filter(grants::user_id.eq(old)))
            .set(grants::user_id.eq(new))
            .execute(conn)?,
        trainer_certificates: diesel::update(
            trainer_certificates::table.filter(trainer_certificates::user_id.eq(old)),
        )
        .set(trainer_certificates::user_id.eq(new))
        .execute(conn)?,
        sessions_trained: diesel::update(sessions::table.filter(sessions::trainer_id.eq(old)))
            .set(sessions::trainer_id.eq(new))
            .execute(conn)?,
        api_clients: diesel::update(api_clients::table.filter(api_clients::created_by.eq(old)))
            .set(api_clients::created_by.eq(new))
            .execute(conn)?,
    };
    let kept_has_profile = trainer_profiles::table
        .find(new)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if kept_has_profile {
        diesel::delete(trainer_profiles::table.find(old)).execute(conn)?;
    } else {
        diesel::update(trainer_profiles::table.find(old))
            .set(trainer_profiles::user_id.eq(new))
            .execute(conn)?;
    }
    diesel::update(sessions::table.filter(sessions::created_by.eq(old)))
        .set(sessions::created_by.eq(new))
        .execute(conn)?;
    diesel::update(session_events::table.filter(session_events::actor_id.eq(old)))
        .set(session_events::actor_id.eq(new))
        .execute(conn)?;
    diesel::update(habilitations::table.filter(habilitations::withdrawn_by.eq(old)))
        .set(habilitations::withdrawn_by.eq(new))
        .execute(conn)?;
    diesel::update(entity_documents::table.filter(entity_documents::uploaded_by.eq(old)))
        .set(entity_documents::uploaded_by.eq(new))
        .execute(conn)?;
    diesel::update(habilitation_requests::table.filter(habilitation_requests::created_by.eq(old)))
        .set(habilitation_requests::created_by.eq(new))
        .execute(conn)?;
    diesel::update(
        habilitation_request_events::table.filter(habilitation_request_events::actor_id.eq(old)),
    )
    .set(habilitation_request_events::actor_id.eq(new))
    .execute(conn)?;
    diesel::update(
        certificate_revocations::table.filter(certificate_revocations::revoked_by.eq(old)),
    )
    .set(certificate_revocations::revoked_by.eq(new))
    .execute(conn)?;
    diesel::update(user_merges::table.filter(user_merges::into_user_id.eq(old)))
        .set(user_merges::into_user_id.eq(new))
        .execute(conn)?;
    diesel::update(user_merges::table.filter(user_merges::merged_by.eq(old)))
        .set(user_merges::merged_by.eq(new))
        .execute(conn)?;
    diesel::update(trainees::table.filter(trainees::forprev_number.eq(&duplicate.forprev_number)))
        .set(trainees::forprev_number.eq(&into.forprev_number))
        .execute(conn)?;
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::user_id.eq(old))).execute(conn)?;
    diesel::delete(invitations::table.filter(invitations::user_id.eq(old))).execute(conn)?;
    diesel::delete(users::table.find(old)).execute(conn)?;
    diesel::insert_into(user_merges::table)
        .values((
            user_merges::id.eq(uuid::Uuid::now_v7().to_string()),
            user_merges::merged_user_id.eq(old),
            user_merges::merged_forprev_number.eq(&duplicate.forprev_number),
            user_merges::into_user_id.eq(new),
            user_merges::merged_by.eq(by),
            user_merges::merged_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(moved)
}
