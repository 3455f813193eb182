//! The entity hands its request to its caisse, once it is complete (`check_transmission`).

use super::{advance, current};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::document::DocumentKind;
use crate::domain::entity::EntityKind;
use crate::domain::habilitation_request::{Step, TransmissionFacts, check_transmission};
use crate::error::{AppError, AppResult};
use crate::ids::RequestId;
use crate::store::habilitation_requests as store;
use crate::store::{documents, entities, reference};
use chrono::{DateTime, Utc};

pub fn transmit(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (request, status) = current(conn, access, id)?;
    let entity = entities::find_editable(conn, access, &request.entity_id)?;
    let next = status.after(Step::Transmit)?;
    let items = store::items(conn, id)?;
    let mut items_missing_deroule = Vec::new();
    for item in &items {
        let scheme = reference::scheme(conn, &item.scheme_code, item.level)?
            .ok_or_else(|| AppError::internal("an item names an unknown scheme"))?;
        if scheme.deroule_required && item.deroule_document_id.is_none() {
            items_missing_deroule.push(format!("{} niveau {}", item.scheme_code, item.level));
        }
    }
    let mut latest_urssaf_issued_on = None;
    for document in store::documents(conn, id)? {
        if let Some(record) = documents::find(conn, &request.entity_id, &document)?
            && record.kind == DocumentKind::UrssafAttestation.as_str()
        {
            latest_urssaf_issued_on = latest_urssaf_issued_on.max(record.issued_on);
        }
    }
    let mut missing_entity_fields = Vec::new();
    if entity.contact_email.is_none() {
        missing_entity_fields.push("contact_email");
    }
    if EntityKind::parse(&entity.kind) == Some(EntityKind::TrainingBody) && entity.nda.is_none() {
        missing_entity_fields.push("nda");
    }
    let facts = TransmissionFacts {
        has_items: !items.is_empty(),
        items_missing_deroule,
        another_request_under_instruction: store::another_under_instruction(
            conn,
            &request.entity_id,
            id,
        )?,
        latest_urssaf_issued_on,
        missing_entity_fields,
    };
    check_transmission(&facts, now.date_naive())?;
    advance(conn, id, status, next, now)?;
    store::set_transmitted(conn, id, now)?;
    store::record_event(conn, id, "transmitted", &access.user_id, None, now)?;
    Ok(())
}
