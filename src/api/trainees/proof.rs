use crate::AppState;
use crate::api::multipart;
use crate::api::sessions::if_match;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::document::MAX_BYTES;
use crate::error::AppResult;
use crate::ids::{SessionId, TraineeId};
use crate::workflow::trainees::proof::{self, Scan};
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa::ToSchema;

/// The multipart form of a scan.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form for OpenAPI; the handler reads the parts as they stream
pub struct PriorCertificateScan {
    /// A PDF, PNG or JPEG of at most 10 MiB: the trainee's previous certificate.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload the scan of a MAC trainee's previous certificate, when it has no certificate token.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("trainee_id" = TraineeId, Path, description = "The trainee's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body(content = PriorCertificateScan, content_type = "multipart/form-data"),
    responses(
        (status = 204, description = "Kept", headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotARunner,
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/trainees/{trainee_id}/prior-certificate")]
pub async fn upload_prior_certificate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(SessionId, TraineeId)>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let (id, trainee_id) = path.into_inner();
    let expected = if_match(&req);
    let (upload, content) = super::upload_to_session(
        &state,
        &actor,
        (&id, expected.as_deref()),
        (&req, payload),
        MAX_BYTES,
    )
    .await?;
    let content_type = multipart::accepted_type(&content)?;
    let now = state.clock.now();
    let version = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            let scan = Scan {
                file_name: &upload.file_name,
                content_type,
                content: &content,
            };
            conn.write_transaction(|conn| {
                proof::save(
                    conn,
                    &access,
                    (&id, &trainee_id),
                    expected.as_deref(),
                    &scan,
                    now,
                )
            })
        })
        .await?;
    Ok(HttpResponse::NoContent()
        .insert_header((ETAG, format!("\"{version}\"")))
        .finish())
}
