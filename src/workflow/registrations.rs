//! A training body registers itself: its entity and a provisional manager account, which works
//! only on that entity until the entity's first habilitation (`decide` confirms it). Limited per
//! client address (`REGISTRATIONS_PER_ADDRESS`).

use crate::auth::invitation;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::grant::{Grant, Role};
use crate::domain::throttle::REGISTRATIONS_PER_ADDRESS;
use crate::error::{AppError, AppResult, Code};
use crate::store::entities::EntityRecord;
use crate::store::users::{self, UserRecord};
use crate::store::{entities, grants, throttle_events};
use crate::workflow::entities::input::CheckedEntity;
use crate::workflow::entities::siret_taken;
use chrono::{DateTime, Utc};

/// The registrant, its fields checked and its password hashed.
pub struct Registrant {
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub password_hash: String,
}

/// The entity, its manager's account and grant.
pub fn register(
    conn: &mut DbConnection,
    throttle_key: &str,
    entity: CheckedEntity,
    registrant: &Registrant,
    now: DateTime<Utc>,
) -> AppResult<(EntityRecord, UserRecord, Grant)> {
    throttle_events::check(conn, throttle_key, &REGISTRATIONS_PER_ADDRESS, now)?;
    let entity_fields = entity.place(conn)?;
    conn.write_transaction(|conn| {
        if entities::siret_taken(conn, &entity_fields.siret, None)? {
            return Err(siret_taken());
        }
        if users::email_taken(conn, &registrant.email)? {
            return Err(AppError::new(
                Code::UserEmailTaken,
                "Cette adresse e-mail a déjà un compte.",
            ));
        }
        let entity_id = entities::insert(conn, &entity_fields, now)?;
        let forprev_number = invitation::new_forprev_number(conn)?;
        let user_id = users::insert(
            conn,
            users::NewUser {
                forprev_number: &forprev_number,
                email: &registrant.email,
                family_name: &registrant.family_name,
                given_name: &registrant.given_name,
                password_hash: Some(&registrant.password_hash),
                provisional: true,
            },
            now,
        )?;
        let manager = Grant {
            role: Role::Manager,
            entity_id: Some(entity_id.clone()),
            ..Grant::admin()
        };
        grants::insert(conn, &user_id, &manager, now)?;
        throttle_events::record(conn, throttle_key, &REGISTRATIONS_PER_ADDRESS, now)?;
        let access = Access::load(conn, &user_id)?.ok_or_else(AppError::not_found)?;
        let entity =
            entities::find_visible(conn, &access, &entity_id)?.ok_or_else(AppError::not_found)?;
        let user = users::find(conn, &user_id)?.ok_or_else(AppError::not_found)?;
        Ok((entity, user, manager))
    })
}
