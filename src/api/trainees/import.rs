//! `POST /sessions/{id}/trainees/import`: trainees from a spreadsheet (`workflow::trainees::import`).

use super::TraineeView;
use crate::AppState;
use crate::api::problem::Problem;
use crate::api::sessions::if_match;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::spreadsheet::read::{self, Refusal};
use crate::error::{AppError, AppResult, Code, FieldError};
use crate::ids::SessionId;
use crate::workflow::trainees::import::{self, MAX_LINES};
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Serialize;
use utoipa::ToSchema;

/// The largest file taken: a list of trainees is some kilobytes.
const MAX_BYTES: usize = 1024 * 1024;

/// The multipart form of an import.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form for OpenAPI; the handler reads the parts as they stream
pub struct TraineesImport {
    /// A CSV (UTF-8 or Windows-1252, `;` or `,`) or an XLSX (its first sheet) of at most 1 MiB:
    /// a header line, then one trainee per line, at most 200. Columns by header name, in any
    /// order: `Nom`, `Prénom`, `Date de naissance` (`JJ/MM/AAAA`, `AAAA-MM-JJ`, or a date cell)
    /// are required; `E-mail`, `Numéro Forprev`, `Certificat précédent` (a MAC's token) and
    /// `Envoi du certificat` (`oui`/`non`: the trainee consents to receive its certificate by
    /// e-mail) are read when present; the JSON field names (`family_name`, …) are accepted as headers too,
    /// and other columns are ignored. See `GET /templates/trainees.csv` and `.xlsx`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true`: check every line and answer what an import would do, changing nothing.
    dry_run: Option<bool>,
}

/// What an import did, or a dry run would do.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "dry_run": true,
    "accepted": 1,
    "rejected": [{"line": 3, "field": "birth_date", "code": "invalid_date",
        "message": "une date JJ/MM/AAAA ou AAAA-MM-JJ"}],
    "trainees": []
}))]
pub struct ImportReport {
    pub dry_run: bool,
    /// The lines that pass every check (all imported, unless a dry run).
    pub accepted: usize,
    /// Each invalid field of each rejected line, with its line number (the header is line 1).
    /// Only a dry run answers with rejected lines: an import with any imports nothing (422).
    pub rejected: Vec<FieldError>,
    /// The trainees added (none in a dry run).
    pub trainees: Vec<TraineeView>,
}

/// Add trainees from a spreadsheet, all its lines or none, to a draft or returned session (its
/// runners); `dry_run` checks them without adding. Each line is checked as by
/// `POST /sessions/{id}/trainees`: names, birth date, e-mail, a MAC's prior certificate, no one
/// twice, the scheme's maximum. Formulas and macros are refused, not run.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body(content = TraineesImport, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "A dry run: what an import would do", body = ImportReport,
            headers(("ETag" = String, description = "The session's version, unchanged"))),
        (status = 201, description = "Imported", body = ImportReport,
            headers(("ETag" = String, description = "The session's new version"))),
        crate::api::refusals::NotARunner,
        (status = 415, description = "`import.unsupported_file`: neither a CSV nor an XLSX (an XLS, an ODS, \
            a PDF, a damaged archive, one that inflates past 16 MiB)", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "`import.rejected`: lines rejected, each in `errors` with its `line`, \
            nothing imported; `import.formula`, `import.macros`, `import.columns`, `import.empty`, \
            `import.too_many_lines`, `import.invalid_dry_run`, `document.file_required`, \
            `session.too_many_trainees`", body = Problem, content_type = "application/problem+json",
            example = json!({
                "type": "/api/v1/errors#import.rejected", "title": "Unprocessable Entity",
                "status": 422, "detail": "Des lignes sont refusées : aucun stagiaire n'a été importé.",
                "code": "import.rejected",
                "errors": [{"line": 3, "field": "birth_date", "code": "invalid_date",
                    "message": "une date JJ/MM/AAAA ou AAAA-MM-JJ"}]
            })),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/trainees/import")]
pub async fn import_trainees(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let (upload, file) = super::upload_to_session(
        &state,
        &actor,
        (&id, expected.as_deref()),
        (&req, payload),
        MAX_BYTES,
    )
    .await?;
    let dry_run = match upload.text("dry_run").map(str::trim) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(AppError::new(
                Code::ImportInvalidDryRun,
                "dry_run vaut true ou false.",
            ));
        }
    };
    // Inflating and parsing a workbook is work for the blocking pool, not the event loop.
    let lines = state
        .blocking(move |_| read::read(&file, MAX_LINES).map_err(refused))
        .await?;
    let now = state.clock.now();
    let imported = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                import::import(
                    conn,
                    &access,
                    &id,
                    expected.as_deref(),
                    &lines,
                    dry_run,
                    now,
                )
            })
        })
        .await?;
    let report = ImportReport {
        dry_run,
        accepted: imported.accepted,
        rejected: imported.rejected,
        trainees: imported.added.into_iter().map(TraineeView::from).collect(),
    };
    let mut response = if dry_run {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    };
    Ok(response
        .insert_header((ETAG, format!("\"{}\"", imported.version)))
        .json(report))
}

fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotASpreadsheet(what) => AppError::new(
            Code::ImportUnsupportedFile,
            format!("Le fichier n'est ni un CSV ni un XLSX : {what}."),
        ),
        Refusal::Formula(cell) => AppError::new(
            Code::ImportFormula,
            format!("La cellule {cell} contient une formule : envoyez des valeurs."),
        ),
        Refusal::Macros => AppError::new(
            Code::ImportMacros,
            "Le classeur contient des macros : enregistrez-le en XLSX sans macros ou en CSV.",
        ),
        Refusal::TooManyLines(max) => AppError::new(
            Code::ImportTooManyLines,
            format!("Le fichier compte au plus {max} stagiaires."),
        ),
    }
}
