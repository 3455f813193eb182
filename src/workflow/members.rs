//! An entity's members: its managers (who run it) and its signatories, added and removed by its
//! managers and admins (`Access::check_edits`). A person named by e-mail without an account gets
//! one, and an e-mailed invitation to choose a password.

use crate::auth::invitation::{self, NewPerson};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::{Grant, Role};
use crate::domain::members::{check_manager_added, check_manager_removed};
use crate::error::{AppError, AppResult, Code};
use crate::ids::EntityId;
use crate::notifications;
use crate::store::members::{self, MemberRecord};
use crate::store::users::{self, UserRecord};
use crate::store::{entities, grants};
use chrono::{DateTime, Utc};

/// Who the new member is.
pub enum Person {
    Numbered(ForprevNumber),
    /// Checked fields (`Fields::person`).
    Named {
        email: String,
        family_name: String,
        given_name: String,
    },
}

/// The member as listed.
pub fn add(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    (id, role): (&EntityId, Role),
    person: Person,
    now: DateTime<Utc>,
) -> AppResult<MemberRecord> {
    let entity = entities::find_editable(conn, access, id)?;
    let person = match person {
        Person::Numbered(number) => {
            users::find_by_forprev_number(conn, &number)?.ok_or_else(|| {
                AppError::new(
                    Code::MemberUnknownPerson,
                    "Aucune personne n'a ce numéro Forprev.",
                )
            })?
        }
        Person::Named {
            email,
            family_name,
            given_name,
        } => match users::find_by_login(conn, &email)? {
            Some(known) => known,
            None => {
                let person = NewPerson {
                    email: &email,
                    family_name: &family_name,
                    given_name: &given_name,
                };
                invite(conn, config, person, (&entity.legal_name, role), now)?
            }
        },
    };
    if members::holds(conn, id, &person.id, role)? {
        return Err(AppError::new(
            Code::MemberAlreadyMember,
            "Cette personne a déjà ce rôle dans l'entité.",
        ));
    }
    if role == Role::Manager {
        check_manager_added(members::count(conn, id, Role::Manager)?, entity.headcount)?;
    }
    let grant = Grant {
        role,
        entity_id: Some(id.clone()),
        ..Grant::admin()
    };
    grants::insert(conn, &person.id, &grant, now)?;
    members::of_entity(conn, id)?
        .into_iter()
        .find(|member| member.user_id == person.id && member.role == role.as_str())
        .ok_or_else(AppError::not_found)
}

/// A new account for `person`, and the e-mail that invites it to the entity.
fn invite(
    conn: &mut DbConnection,
    config: &Config,
    person: NewPerson,
    (entity_name, role): (&str, Role),
    now: DateTime<Utc>,
) -> AppResult<UserRecord> {
    let (email, given_name) = (person.email, person.given_name);
    let invited = invitation::invite(conn, person, now)?;
    notifications::member_invited(
        conn,
        config,
        (email, given_name, invited.forprev_number.as_str()),
        (entity_name, role),
        (&invited.token, invited.expires_at.date_naive()),
        now,
    )?;
    users::find(conn, &invited.user_id)?.ok_or_else(AppError::not_found)
}

/// Removes the role; an entity keeps at least one manager.
pub fn remove(
    conn: &mut DbConnection,
    access: &Access,
    (id, role): (&EntityId, Role),
    number: &ForprevNumber,
) -> AppResult<()> {
    entities::find_editable(conn, access, id)?;
    let person = users::find_by_forprev_number(conn, number)?.ok_or_else(AppError::not_found)?;
    if !members::holds(conn, id, &person.id, role)? {
        return Err(AppError::not_found());
    }
    if role == Role::Manager {
        check_manager_removed(members::count(conn, id, Role::Manager)?)?;
    }
    members::remove(conn, id, &person.id, role)?;
    Ok(())
}
