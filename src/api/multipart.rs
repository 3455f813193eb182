//! Reading a `multipart/form-data` upload: a few small text fields, and one `file` part of at most
//! a given size, its file name reduced to a safe base name. The whole body is bounded (the file's
//! limit plus a small allowance for the other parts) and so is the number of parts: past either
//! bound the upload is refused (413) at once, without reading on. Callers authorise the request
//! before they read it. Errors are problem+json.

use crate::domain::label;
use crate::error::{AppError, AppResult, Code, FieldError};
use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::error::PayloadError;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

/// The biggest text field accepted.
const TEXT_LIMIT: usize = 1024;
/// Room in the body for what is not the file: the other parts and the multipart framing.
const ALLOWANCE: usize = 64 * 1024;
/// The most parts a form may have (the forms of this API have at most three).
const MAX_PARTS: usize = 8;

pub struct Upload {
    texts: Vec<(String, String)>,
    pub file_name: String,
    /// The `file` part, if any.
    pub file: Option<Vec<u8>>,
}

impl Upload {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    file_limit: usize,
) -> AppResult<Upload> {
    let bound = file_limit + ALLOWANCE;
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > bound) {
        return Err(too_large(bound));
    }
    let mut read = 0;
    let bounded = payload.map(move |chunk| {
        let chunk = chunk?;
        read += chunk.len();
        if read > bound {
            return Err(PayloadError::Overflow);
        }
        Ok(chunk)
    });
    let mut multipart = Multipart::new(req.headers(), bounded);
    let mut upload = Upload {
        texts: Vec::new(),
        file_name: "document".into(),
        file: None,
    };
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::new(
                Code::RequestTooManyParts,
                format!("Le formulaire a au plus {MAX_PARTS} parties."),
            ));
        }
        let mut field = field.map_err(|error| multipart_error(error, bound))?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if let Some(file_name) = field.content_disposition().and_then(|d| d.get_filename()) {
                upload.file_name = safe_file_name(file_name).ok_or_else(|| {
                    AppError::invalid_fields(vec![FieldError::new(
                        "file",
                        "invalid_file_name",
                        "nom de fichier avec des caractères de contrôle",
                    )])
                })?;
            }
            let too_large = |limit| {
                AppError::new(
                    Code::RequestTooLarge,
                    format!("Le fichier pèse au plus {limit} octets."),
                )
            };
            upload.file = Some(read_field(&mut field, (file_limit, bound), too_large).await?);
        } else {
            // A text field is a value, not a payload: too long, it is an invalid field (422).
            let too_long = |limit| {
                AppError::invalid_fields(vec![FieldError::new(
                    name.clone(),
                    "too_long",
                    format!("au plus {limit} octets"),
                )])
            };
            let bytes = read_field(&mut field, (TEXT_LIMIT, bound), too_long).await?;
            let text = String::from_utf8(bytes).map_err(|_| {
                AppError::new(Code::RequestMalformedMultipart, "Champ texte non UTF-8.")
            })?;
            upload.texts.push((name, text));
        }
    }
    Ok(upload)
}

/// Reads a part, refusing it with `too_big(limit)` past `limit` bytes (`bound`: the body's).
async fn read_field(
    field: &mut Field,
    (limit, bound): (usize, usize),
    too_big: impl FnOnce(usize) -> AppError,
) -> AppResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|error| multipart_error(error, bound))?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_big(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The last path segment, at most 200 characters; none when it holds a control character (a
/// bidirectional override would show another name than the real one). An empty name becomes
/// `document`.
fn safe_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if !label::is_clean(base) {
        return None;
    }
    let base: String = base.chars().take(200).collect();
    Some(if base.trim().is_empty() {
        "document".into()
    } else {
        base
    })
}

fn too_large(bound: usize) -> AppError {
    AppError::new(
        Code::RequestTooLarge,
        format!("Le formulaire pèse au plus {bound} octets."),
    )
}

fn multipart_error(error: MultipartError, bound: usize) -> AppError {
    match error {
        MultipartError::Payload(PayloadError::Overflow) => too_large(bound),
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => AppError::new(
            Code::RequestUnsupportedMediaType,
            "Le corps doit être multipart/form-data.",
        ),
        other => AppError::new(
            Code::RequestMalformedMultipart,
            format!("Formulaire multipart illisible : {other}"),
        ),
    }
}

/// The media type of an uploaded file, read from its content: PDF, PNG or JPEG only (415 else).
pub fn accepted_type(content: &[u8]) -> AppResult<&'static str> {
    crate::domain::document::sniff(content).ok_or_else(|| {
        AppError::new(
            Code::DocumentUnsupportedType,
            "Seuls les fichiers PDF, PNG et JPEG sont acceptés.",
        )
    })
}
