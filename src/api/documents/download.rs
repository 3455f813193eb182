use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::{AppError, AppResult};
use crate::ids::{DocumentId, EntityId};
use crate::store::{documents, entities};
use actix_web::{HttpResponse, get, web};

/// Download one document, as uploaded.
#[utoipa::path(
    tag = "documents",
    params(
        ("id" = EntityId, Path, description = "The entity's id"),
        ("document_id" = DocumentId, Path, description = "The document's id"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (crate::api::download::FileBytes = "application/pdf"), (crate::api::download::FileBytes = "image/png"), (crate::api::download::FileBytes = "image/jpeg"))),
        (status = 404, description = "No such document, or not visible to the caller", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/entities/{id}/documents/{document_id}")]
pub async fn download_document(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(EntityId, DocumentId)>,
) -> AppResult<HttpResponse> {
    let (id, document_id) = path.into_inner();
    let (record, content) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_visible(conn, &access, &id)?.ok_or_else(AppError::not_found)?;
            let record =
                documents::find(conn, &id, &document_id)?.ok_or_else(AppError::not_found)?;
            let content = documents::content(conn, &document_id)?;
            Ok((record, content))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(record.content_type)
        .insert_header(crate::api::download::attachment(&record.file_name))
        .body(content))
}
