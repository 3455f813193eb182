use super::DocumentView;
use crate::AppState;
use crate::api::multipart;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::document::{self, DocumentKind};
use crate::error::{AppError, AppResult, Code};
use crate::ids::EntityId;
use crate::store::documents::{self, NewDocument};
use crate::store::entities;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::NaiveDate;
use utoipa::ToSchema;

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form for OpenAPI; the handler reads the parts as they stream
pub struct DocumentUpload {
    /// A PDF, PNG or JPEG file of at most 10 MiB, recognised by its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    kind: DocumentKind,
    /// The issue date (`YYYY-MM-DD`); required for an Urssaf attestation.
    issued_on: Option<NaiveDate>,
}

/// Upload a document (the entity's managers, or an admin).
#[utoipa::path(
    tag = "documents",
    params(("id" = EntityId, Path, description = "The entity's id")),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = DocumentView),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[post("/entities/{id}/documents")]
pub async fn upload_document(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    // Who may upload is known before a byte of the body is read.
    let (caller, entity) = (actor.clone(), id.clone());
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &caller)?;
            entities::find_editable(conn, &access, &entity).map(drop)
        })
        .await?;
    let mut upload = multipart::read(&req, payload, document::MAX_BYTES).await?;
    let content = upload.file.take().ok_or_else(|| {
        AppError::new(
            Code::DocumentFileRequired,
            "Le formulaire doit contenir un fichier (file).",
        )
    })?;
    let content_type = multipart::accepted_type(&content)?;
    let kind = upload
        .text("kind")
        .and_then(DocumentKind::parse)
        .ok_or_else(|| {
            AppError::new(
                Code::DocumentInvalidKind,
                "kind vaut urssaf_attestation, deroule_pedagogique ou other.",
            )
        })?;
    let issued_on = upload
        .text("issued_on")
        .map(|text| text.trim().parse::<NaiveDate>())
        .transpose()
        .map_err(|_| {
            AppError::new(
                Code::DocumentInvalidDate,
                "issued_on est une date AAAA-MM-JJ.",
            )
        })?;
    let now = state.clock.now();
    let issued_on = document::check_issued_on(kind, issued_on, now.date_naive())
        .map_err(|detail| AppError::new(Code::DocumentInvalidDate, detail))?;
    let record = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_editable(conn, &access, &id)?;
            let document = NewDocument {
                entity_id: &id,
                kind: kind.as_str(),
                issued_on,
                file_name: &upload.file_name,
                content_type,
                content: &content,
                uploaded_by: &actor.user_id,
            };
            let document_id = documents::insert(conn, document, now)?;
            documents::find(conn, &id, &document_id)?.ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(HttpResponse::Created().json(DocumentView::try_from(record)?))
}
