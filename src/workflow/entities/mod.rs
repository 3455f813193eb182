//! Entities: created by anyone but a provisional account or a caisse's agent
//! (`Access::check_creates_entities`), who then manages it unless an admin; changed by their
//! managers and admins (`Access::check_edits`). A SIRET belongs to one entity; the postal code
//! chooses the caisse.

pub mod input;

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::grant::{Grant, Role};
use crate::error::{AppError, AppResult, Code};
use crate::ids::EntityId;
use crate::store::entities::{self, EntityRecord};
use crate::store::grants;
use chrono::{DateTime, Utc};
use input::{CheckedEntity, EntityPatch};

/// The new entity, as its creator now sees it.
pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    checked: CheckedEntity,
    now: DateTime<Utc>,
) -> AppResult<EntityRecord> {
    access.check_creates_entities()?;
    let fields = checked.place(conn)?;
    conn.write_transaction(|conn| {
        if entities::siret_taken(conn, &fields.siret, None)? {
            return Err(siret_taken());
        }
        let id = entities::insert(conn, &fields, now)?;
        let mut creator = access.clone();
        if !access.admin {
            let manager = Grant {
                role: Role::Manager,
                entity_id: Some(id.clone()),
                ..Grant::admin()
            };
            grants::insert(conn, &access.user_id, &manager, now)?;
            creator.managed.push(id.clone());
        }
        entities::find_visible(conn, &creator, &id)?.ok_or_else(AppError::not_found)
    })
}

/// The entity as changed.
pub fn update(
    conn: &mut DbConnection,
    access: &Access,
    id: &EntityId,
    patch: EntityPatch,
    now: DateTime<Utc>,
) -> AppResult<EntityRecord> {
    let current = entities::find_editable(conn, access, id)?;
    let fields = patch.apply_to(&current)?.check()?.place(conn)?;
    if entities::siret_taken(conn, &fields.siret, Some(id))? {
        return Err(siret_taken());
    }
    entities::update(conn, id, &fields, now)?;
    entities::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)
}

pub fn siret_taken() -> AppError {
    AppError::new(Code::EntitySiretTaken, "Une autre entité a déjà ce SIRET.")
}
