//! An entity's documents (Urssaf attestation, déroulés pédagogiques…), kept for its habilitation
//! requests; changed by its managers and admins (`Access::check_edits`).

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::error::{AppError, AppResult, Code};
use crate::ids::{DocumentId, EntityId};
use crate::store::{documents, entities};

/// Deletes a document that no transmitted request relies on.
pub fn delete(
    conn: &mut DbConnection,
    access: &Access,
    (id, document_id): (&EntityId, &DocumentId),
) -> AppResult<()> {
    entities::find_editable(conn, access, id)?;
    documents::find(conn, id, document_id)?.ok_or_else(AppError::not_found)?;
    if documents::in_use(conn, document_id)? {
        return Err(AppError::new(
            Code::DocumentInUse,
            "Une demande transmise s'appuie sur ce document.",
        ));
    }
    Ok(documents::delete(conn, document_id)?)
}
