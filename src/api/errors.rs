//! `GET /api/v1/errors`: the catalogue of error codes, generated from the code's own catalogue
//! (`error::Code`), so it cannot drift. Every problem's `type` points at its entry here.

use crate::error::Code;
use actix_web::get;
use actix_web::web::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorCodeView {
    #[schema(example = "session.stale")]
    pub code: &'static str,
    /// The HTTP status it comes with.
    #[schema(example = 412)]
    pub status: u16,
    /// What it means and what the client can do.
    pub meaning: &'static str,
}

/// The catalogue, in the order of the code.
pub fn catalogue() -> Vec<ErrorCodeView> {
    Code::ALL
        .iter()
        .map(|code| ErrorCodeView {
            code: code.as_str(),
            status: code.kind().status(),
            meaning: code.meaning(),
        })
        .collect()
}

/// Every error code the API answers, with its status and meaning: what partner software
/// switches on. Public.
#[utoipa::path(
    tag = "reference",
    responses((status = 200, description = "The catalogue of error codes", body = Vec<ErrorCodeView>)),
    security(())
)]
#[get("/errors")]
pub async fn list_error_codes() -> Json<Vec<ErrorCodeView>> {
    Json(catalogue())
}

/// The catalogue as the Markdown page `docs/errors.md`.
pub fn markdown() -> String {
    let mut page = String::from(
        "# Error codes\n\n\
         Every error answer is `application/problem+json` with a stable `code`: switch on it. \
         `detail` is French, for people; `type` is `/api/v1/errors#<code>`. This page is written \
         from the code (`cargo run -- errors`) and served as JSON at `GET /api/v1/errors`; a \
         test fails when it drifts.\n\n\
         | code | status | meaning |\n|---|---|---|\n",
    );
    for entry in catalogue() {
        page.push_str(&format!(
            "| `{}` | {} | {} |\n",
            entry.code,
            entry.status,
            entry.meaning.replace('|', "\\|")
        ));
    }
    page
}
