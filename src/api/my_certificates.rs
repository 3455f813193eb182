//! "Mes certificats": a person's own trainer certificates, each printable again as a PDF in the
//! current card design.

use crate::AppState;
use crate::api::trainers::CertificateView;
use crate::auth::Actor;
use crate::certificates::Signer;
use crate::certificates::token::new_token_id;
use crate::certificates::{Card, CertificateClaims, pdf};
use crate::db::DbConnection;
use crate::domain::certificate::CertifiedRole;
use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult, Problem};
use crate::store::trainer_certificates::{self, CertificateRecord};
use crate::store::{reference, users};
use actix_web::http::header::ContentDisposition;
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
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
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
            let (card, token) = printed(conn, &state.signer, record)?;
            let pdf = pdf::render(&card, &token).map_err(AppError::internal)?;
            let file_name = format!("certificat-{}-{}.pdf", card.scheme_code, card.valid_until);
            Ok((file_name, pdf))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(ContentDisposition::attachment(file_name))
        .body(pdf))
}

/// The certificate's card and token: as kept, or made (and kept) now.
fn printed(
    conn: &mut DbConnection,
    signer: &Signer,
    record: CertificateRecord,
) -> AppResult<(Card, String)> {
    if let (Some(card), Some(token)) = (&record.card, &record.token) {
        let card: Card = serde_json::from_str(card).map_err(AppError::internal)?;
        return Ok((card, token.clone()));
    }
    let holder = users::find(conn, &record.user_id)?
        .ok_or_else(|| AppError::internal("a certificate's holder is gone"))?;
    let scheme = reference::scheme(conn, &record.scheme_code, 2)?
        .ok_or_else(|| AppError::internal("a certificate names an unknown scheme"))?;
    let role = match TrainerKind::parse(&record.kind) {
        Some(TrainerKind::TrainerOfTrainers) => CertifiedRole::TrainerOfTrainers,
        _ => CertifiedRole::Trainer,
    };
    let card = Card {
        family_name: holder.family_name,
        given_name: holder.given_name,
        birth_date: None,
        scheme_code: scheme.code,
        scheme_name: scheme.name,
        level: 2,
        role,
        kind: None,
        start_date: None,
        end_date: None,
        entity_name: None,
        trainer_name: None,
        signatory_name: None,
        valid_until: record.valid_until,
    };
    let token = signer.sign(&CertificateClaims::of(&card, new_token_id()));
    let json = serde_json::to_string(&card).map_err(AppError::internal)?;
    if trainer_certificates::set_printed(conn, &record.id, &json, &token)? {
        return Ok((card, token));
    }
    // Another request printed it first: its card and token stand.
    let kept = trainer_certificates::of_user(conn, &record.user_id)?
        .into_iter()
        .find(|kept| kept.id == record.id)
        .ok_or_else(AppError::not_found)?;
    printed(conn, signer, kept)
}
