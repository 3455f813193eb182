use super::DocumentView;
use crate::AppState;
use crate::auth::Actor;
use crate::domain::document::{self, DocumentKind};
use crate::error::{AppError, AppResult, Kind, Problem};
use crate::ids::EntityId;
use crate::store::access::Access;
use crate::store::documents::{self, NewDocument};
use crate::store::entities;
use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::NaiveDate;
use futures_util::StreamExt;
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

struct Upload {
    kind: Option<String>,
    issued_on: Option<String>,
    file_name: String,
    content: Option<Vec<u8>>,
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
        (status = 404, description = "No such entity, or not visible to the caller", body = Problem,
            content_type = "application/problem+json"),
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
    let upload = read(Multipart::new(req.headers(), payload)).await?;
    let content = upload.content.ok_or_else(|| {
        AppError::rule(
            "document.file_required",
            "Le formulaire doit contenir un fichier (file).",
        )
    })?;
    let content_type = document::sniff(&content).ok_or_else(|| {
        AppError::new(
            Kind::UnsupportedMediaType,
            "document.unsupported_type",
            "Seuls les fichiers PDF, PNG et JPEG sont acceptés.",
        )
    })?;
    let kind = upload
        .kind
        .as_deref()
        .and_then(DocumentKind::parse)
        .ok_or_else(|| {
            AppError::rule(
                "document.invalid_kind",
                "kind vaut urssaf_attestation, deroule_pedagogique ou other.",
            )
        })?;
    let issued_on = upload
        .issued_on
        .map(|text| text.trim().parse::<NaiveDate>())
        .transpose()
        .map_err(|_| {
            AppError::rule(
                "document.invalid_date",
                "issued_on est une date AAAA-MM-JJ.",
            )
        })?;
    let now = state.clock.now();
    let issued_on = document::check_issued_on(kind, issued_on, now.date_naive())
        .map_err(|detail| AppError::rule("document.invalid_date", detail))?;
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

async fn read(mut multipart: Multipart) -> AppResult<Upload> {
    let mut upload = Upload {
        kind: None,
        issued_on: None,
        file_name: "document".into(),
        content: None,
    };
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(multipart_error)?;
        match field.name() {
            Some("file") => {
                if let Some(name) = field.content_disposition().and_then(|d| d.get_filename()) {
                    upload.file_name = file_name(name);
                }
                upload.content = Some(read_field(&mut field, document::MAX_BYTES).await?);
            }
            Some("kind") => upload.kind = Some(text(read_field(&mut field, 100).await?)?),
            Some("issued_on") => upload.issued_on = Some(text(read_field(&mut field, 100).await?)?),
            _ => drop(read_field(&mut field, 0).await),
        }
    }
    Ok(upload)
}

/// Reads a part, refusing it (413) past `limit` bytes.
async fn read_field(field: &mut Field, limit: usize) -> AppResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(multipart_error)?;
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::new(
                Kind::PayloadTooLarge,
                "request.too_large",
                format!(
                    "Un document pèse au plus {} Mio.",
                    document::MAX_BYTES / (1024 * 1024)
                ),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn text(bytes: Vec<u8>) -> AppResult<String> {
    String::from_utf8(bytes)
        .map_err(|_| AppError::bad_request("request.malformed_multipart", "Champ texte non UTF-8."))
}

/// The last path segment, without control characters, at most 200 characters.
fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "document".into()
    } else {
        clean
    }
}

fn multipart_error(error: MultipartError) -> AppError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => AppError::new(
            Kind::UnsupportedMediaType,
            "request.unsupported_media_type",
            "Le corps doit être multipart/form-data.",
        ),
        other => AppError::bad_request(
            "request.malformed_multipart",
            format!("Formulaire multipart illisible : {other}"),
        ),
    }
}
