use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::directory::{Contacts, check_contacts};
use crate::error::{AppError, AppResult, FieldError};
use crate::ids::EntityId;
use crate::store::{directory, entities};
use actix_web::{put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct DirectoryListing {
    /// `true` to appear in the public directory (while a habilitation is in force).
    pub listed: bool,
    /// What to publish: at least one of the three when listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// An http(s) address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// A French number; published as +33….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl From<Option<Contacts>> for DirectoryListing {
    fn from(contacts: Option<Contacts>) -> Self {
        let listed = contacts.is_some();
        let contacts = contacts.unwrap_or_default();
        DirectoryListing {
            listed,
            email: contacts.email,
            website: contacts.website,
            phone: contacts.phone,
        }
    }
}

/// Opt in to the public directory, or out (the entity's managers, or an admin).
#[utoipa::path(
    tag = "directory",
    params(("id" = EntityId, Path, description = "The entity's id")),
    request_body = DirectoryListing,
    responses(
        (status = 200, description = "The listing as published", body = DirectoryListing),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[put("/entities/{id}/directory-listing")]
pub async fn set_listing(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
    body: JsonBody<DirectoryListing>,
) -> AppResult<web::Json<DirectoryListing>> {
    let id = id.into_inner();
    let listing = body.into_inner();
    let contacts = if listing.listed {
        let checked = check_contacts(
            listing.email.as_deref(),
            listing.website.as_deref(),
            listing.phone.as_deref(),
        );
        Some(checked.map_err(|(field, message)| {
            AppError::invalid_fields(vec![FieldError::new(field, "invalid_contact", message)])
        })?)
    } else {
        None
    };
    let now = state.clock.now();
    let published = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_editable(conn, &access, &id)?;
            directory::set(conn, &id, contacts.as_ref(), now)?;
            Ok(directory::find(conn, &id)?)
        })
        .await?;
    Ok(web::Json(published.into()))
}
