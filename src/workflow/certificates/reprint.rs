//! A trainer's certificate printed again ("Mes certificats"). One a session issued prints as it
//! was issued (its card and token are kept); one the network recorded gets a card and a signed
//! token the first time, kept for every later print.

use crate::certificates::token::{Signer, new_token_id};
use crate::certificates::{Card, CertificateClaims};
use crate::db::DbConnection;
use crate::domain::certificate::CertifiedRole;
use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult};
use crate::store::trainer_certificates::{self, CertificateRecord};
use crate::store::{reference, users};

/// The certificate's card and token: as kept, or made (and kept) now.
pub fn card_and_token(
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
    let token_id = new_token_id();
    let token = signer.sign(&CertificateClaims::of(&card, token_id.clone()));
    let json = serde_json::to_string(&card).map_err(AppError::internal)?;
    if trainer_certificates::set_printed(conn, &record.id, &json, (&token, &token_id))? {
        return Ok((card, token));
    }
    // Another request printed it first: its card and token stand.
    let kept = trainer_certificates::of_user(conn, &record.user_id)?
        .into_iter()
        .find(|kept| kept.id == record.id)
        .ok_or_else(AppError::not_found)?;
    card_and_token(conn, signer, kept)
}
