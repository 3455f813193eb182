//! `GET /api/v1/templates/trainees.{csv,xlsx}`: the spreadsheets to fill in for
//! `POST /sessions/{id}/trainees/import`. Public: they hold only a header line.

use crate::api::download::{FileBytes, attachment};
use crate::domain::trainee_sheet;
use crate::error::{AppError, AppResult};
use actix_web::{HttpResponse, get};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The CSV template of a trainees' import (UTF-8 with a byte order mark, `;` between cells, as
/// French spreadsheet software opens it): its header line. Public.
#[utoipa::path(
    tag = "reference",
    responses((status = 200, description = "The template", content_type = "text/csv", body = String,
        example = json!("\u{feff}Nom;Prénom;Date de naissance;E-mail;Numéro Forprev;Certificat précédent;Envoi du certificat\r\n"))),
    security(())
)]
#[get("/templates/trainees.csv")]
pub async fn trainees_csv() -> AppResult<HttpResponse> {
    let csv = trainee_sheet::template_csv().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(attachment("stagiaires.csv"))
        .body(csv))
}

/// The XLSX template of a trainees' import: its header line, the birth dates formatted as dates.
/// Public.
#[utoipa::path(
    tag = "reference",
    responses((status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        body = FileBytes)),
    security(())
)]
#[get("/templates/trainees.xlsx")]
pub async fn trainees_xlsx() -> AppResult<HttpResponse> {
    let xlsx = trainee_sheet::template_xlsx().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header(attachment("stagiaires.xlsx"))
        .body(xlsx))
}
