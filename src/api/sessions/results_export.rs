//! `GET /sessions/{id}/results.csv`: the session's results for the training body's records.

use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::results_export;
use actix_web::{HttpResponse, get, web};

/// Download the results of a validated or closed session as a spreadsheet (CSV: UTF-8 with a
/// byte order mark, `;` between cells, as French spreadsheet software opens it): one line per
/// trainee with its outcome, the training, the entity, the trainer and, for those who passed,
/// the certificate's last valid day. A cell that starts like a formula is prefixed with `'`.
/// Gone with the session, 15 days after its closure: keep it in your own records.
#[utoipa::path(
    tag = "sessions",
    params(("id" = SessionId, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The results", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"resultats-….csv\"")),
            example = json!("\u{feff}Nom;Prénom;Date de naissance;E-mail;Résultat;Code dispositif;Dispositif;Niveau;Type;Premier jour;Dernier jour;Heures;Lieu;SIRET;Organisme;N° Forprev formateur;Formateur;Valable jusqu'au\r\nLefèvre-Garçon;Éloïse;12/05/1990;;Réussi;SST;Sauveteur Secouriste du Travail;1;Formation initiale;07/12/2026;08/12/2026;14;Lyon;73282932000074;Secours Formation Lyon;TRN00001;Marc Dubois;08/12/2028\r\n")),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        crate::api::refusals::SessionNotFound,
        (status = 409, description = "`session.results_not_final`: not validated yet", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/results.csv")]
pub async fn download_results(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let file = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            results_export::results_csv(conn, &access, &id)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(crate::api::download::attachment(&file.file_name))
        .body(file.csv))
}
