//! "Mes certificats": a person's own trainer certificates, each printable again as a PDF in the
//! current card design.

use crate::AppState;
use crate::api::problem::Problem;
use crate::api::trainers::CertificateView;
use crate::auth::Actor;
use crate::certificates::pdf;
use crate::error::{AppError, AppResult};
use crate::store::trainer_certificates;
use crate::workflow::certificates::reprint;
use actix_web::{HttpResponse, get, web};

/// The caller's trainer certificates, the latest first.
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "The caller's certificates", body = Vec<CertificateView>)),
    security(("bearer" = []))
)]
#[get("/me/certificates")]
pub async fn list_my_certificates(
    state: web::Data<AppState>,
    actor: Actor,
) -> AppResult<web::Json<Vec<CertificateView>>> {
    let certificates = state
        .db(move |conn, _| {
            trainer_certificates::of_user(conn, &actor.user_id)?
                .into_iter()
                .map(CertificateView::try_from)
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok(web::Json(certificates))
}

/// One of the caller's certificates as a PDF card. A certificate a session issued prints as it
/// was issued; one the network recorded gets its card (and signed token) the first time.
#[utoipa::path(
    tag = "me",
    params(("id" = String, Path, description = "The certificate's id")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = crate::api::download::FileBytes),
        (status = 404, description = "Not one of the caller's certificates", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/certificates/{id}/pdf")]
pub async fn download_my_certificate(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (file_name, pdf) = state
        .db(move |conn, state| {
            let record = trainer_certificates::of_user(conn, &actor.user_id)?
                .into_iter()
                .find(|record| record.id == id)
                .ok_or_else(AppError::not_found)?;
            let (card, token) = reprint::card_and_token(conn, &state.signer, record)?;
            let pdf = pdf::render(&card, &token).map_err(AppError::internal)?;
            let file_name = format!("certificat-{}-{}.pdf", card.scheme_code, card.valid_until);
            Ok((file_name, pdf))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(crate::api::download::attachment(&file_name))
        .body(pdf))
}
