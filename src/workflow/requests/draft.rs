//! The entity writes its request: created as a draft, rewritten while it is in its hands.

use super::current;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::document::DocumentKind;
use crate::domain::habilitation;
use crate::domain::habilitation_request::{RequestKind, check_item_kind};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{DocumentId, EntityId, RequestId};
use crate::store::habilitation_requests::{self as store, ItemRecord};
use crate::store::{documents, entities, habilitations, reference};
use chrono::{DateTime, NaiveDate, Utc};

/// What the entity writes: the kind, the schemes asked for, the documents attached.
pub struct Draft {
    pub kind: RequestKind,
    pub items: Vec<ItemRecord>,
    pub documents: Vec<DocumentId>,
}

pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    entity: &EntityId,
    draft: &Draft,
    now: DateTime<Utc>,
) -> AppResult<RequestId> {
    entities::find_editable(conn, access, entity)?;
    check_draft(conn, entity, draft, now.date_naive())?;
    let id = RequestId::generate();
    store::insert(conn, &id, entity, draft.kind, &access.user_id, now)?;
    store::replace_items(conn, &id, &draft.items)?;
    store::replace_documents(conn, &id, &draft.documents)?;
    store::record_event(conn, &id, "created", &access.user_id, None, now)?;
    Ok(id)
}

/// Replaces the items and documents, while the request is in the entity's hands.
pub fn update(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    draft: &Draft,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (request, status) = current(conn, access, id)?;
    entities::find_editable(conn, access, &request.entity_id)?;
    if !status.editable() {
        return Err(AppError::new(
            Code::RequestNotEditable,
            format!("La demande n'est plus modifiable ({}).", status.as_str()),
        ));
    }
    check_draft(conn, &request.entity_id, draft, now.date_naive())?;
    store::set_kind(conn, id, draft.kind, now)?;
    store::replace_items(conn, id, &draft.items)?;
    store::replace_documents(conn, id, &draft.documents)?;
    store::record_event(conn, id, "updated", &access.user_id, None, now)?;
    Ok(())
}

/// Items name known schemes once each, with a déroulé of the entity where given; documents are
/// the entity's; each item suits the request's kind (`check_item_kind`).
fn check_draft(
    conn: &mut DbConnection,
    entity: &EntityId,
    draft: &Draft,
    today: NaiveDate,
) -> AppResult<()> {
    for (index, item) in draft.items.iter().enumerate() {
        if reference::scheme(conn, &item.scheme_code, item.level)?.is_none() {
            return Err(AppError::new(
                Code::RequestUnknownScheme,
                format!(
                    "Dispositif inconnu : {} niveau {}.",
                    item.scheme_code, item.level
                ),
            ));
        }
        if draft.items[..index]
            .iter()
            .any(|other| other.scheme_code == item.scheme_code && other.level == item.level)
        {
            return Err(AppError::new(
                Code::RequestDuplicateItem,
                "Chaque dispositif ne figure qu'une fois.",
            ));
        }
        if let Some(deroule) = &item.deroule_document_id {
            let is_deroule = documents::find(conn, entity, deroule)?
                .is_some_and(|document| document.kind == DocumentKind::DeroulePedagogique.as_str());
            if !is_deroule {
                return Err(AppError::new(
                    Code::RequestInvalidDeroule,
                    "deroule_document_id doit désigner un déroulé pédagogique de l'entité.",
                ));
            }
        }
        let held =
            habilitations::of_entity_for_scheme(conn, entity, &item.scheme_code, item.level)?;
        let in_force = held.as_ref().is_some_and(|held| {
            habilitation::is_in_force(habilitation::status(
                held.valid_from,
                held.valid_until,
                held.withdrawn_at.map(|at| at.and_utc()),
                today,
            ))
        });
        check_item_kind(draft.kind, held.is_some(), in_force)?;
    }
    for document in &draft.documents {
        if documents::find(conn, entity, document)?.is_none() {
            return Err(AppError::new(
                Code::RequestUnknownDocument,
                "Un document joint n'appartient pas à l'entité.",
            ));
        }
    }
    Ok(())
}
