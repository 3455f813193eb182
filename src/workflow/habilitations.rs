//! What changes on a habilitation once granted: its delegates (named by the entity's managers or
//! an admin, `Access::check_edits`), who then run its sessions; its withdrawal by the national
//! commission (`Access::require_admin`), which is final and must be explained.

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::{Grant, Role};
use crate::error::{AppError, AppResult, Code};
use crate::ids::HabilitationId;
use crate::store::users::UserRecord;
use crate::store::{delegates, entities, grants, habilitations, users};
use chrono::{DateTime, Utc};

pub fn add_delegate(
    conn: &mut DbConnection,
    access: &Access,
    id: &HabilitationId,
    number: &ForprevNumber,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let person = named(conn, access, id, number)?.ok_or_else(|| {
        AppError::new(
            Code::DelegateUnknownPerson,
            "Aucune personne n'a ce numéro Forprev.",
        )
    })?;
    if delegates::of_habilitation(conn, id)?
        .iter()
        .any(|delegate| delegate.user_id == person.id)
    {
        return Err(AppError::new(
            Code::DelegateAlreadyDelegate,
            "Cette personne est déjà délégataire.",
        ));
    }
    let grant = Grant {
        role: Role::Delegate,
        habilitation_id: Some(id.clone()),
        ..Grant::admin()
    };
    grants::insert(conn, &person.id, &grant, now)?;
    Ok(())
}

pub fn remove_delegate(
    conn: &mut DbConnection,
    access: &Access,
    id: &HabilitationId,
    number: &ForprevNumber,
) -> AppResult<()> {
    let person = named(conn, access, id, number)?.ok_or_else(AppError::not_found)?;
    match delegates::remove(conn, id, &person.id)? {
        0 => Err(AppError::not_found()),
        _ => Ok(()),
    }
}

/// The person named, once the caller may change the habilitation's delegates.
fn named(
    conn: &mut DbConnection,
    access: &Access,
    id: &HabilitationId,
    number: &ForprevNumber,
) -> AppResult<Option<UserRecord>> {
    let habilitation =
        habilitations::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    entities::find_editable(conn, access, &habilitation.entity_id)?;
    Ok(users::find_by_forprev_number(conn, number)?)
}

pub fn withdraw(
    conn: &mut DbConnection,
    access: &Access,
    id: &HabilitationId,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    access.require_admin()?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::new(
            Code::HabilitationReasonRequired,
            "Un retrait se motive.",
        ));
    }
    habilitations::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    if !habilitations::withdraw(conn, id, &access.user_id, reason, now)? {
        return Err(AppError::new(
            Code::HabilitationAlreadyWithdrawn,
            "Cette habilitation est déjà retirée.",
        ));
    }
    Ok(())
}
