use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::{DocumentId, EntityId};
use crate::workflow::documents;
use actix_web::{HttpResponse, delete, web};

/// Delete a document, unless a request under review relies on it.
#[utoipa::path(
    tag = "documents",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("document_id" = DocumentId, Path, description = "The document's id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such document, or not visible to the caller", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "A transmitted request relies on it (`document.in_use`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/entities/{id}/documents/{document_id}")]
pub async fn delete_document(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, DocumentId)>,
) -> AppResult<HttpResponse> {
    let (id, document_id) = path.into_inner();
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| documents::delete(conn, &access, (&id, &document_id)))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
