//! The checks a session's plan passes on creation and on every edit (DESIGN §6): who plans it,
//! its dates, its habilitation, its hours and its trainer.

use super::PlanFields;
use crate::db::DbConnection;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::label;
use crate::domain::session::{self, SessionKind};
use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult, Code};
use crate::ids::UserId;
use crate::store::habilitations::HabilitationRecord;
use crate::store::{reference, trainer_certificates, users};
use chrono::NaiveDate;

/// A session as the entity writes it.
pub struct Plan {
    pub kind: SessionKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub hours: i32,
    pub place: String,
    pub trainer: ForprevNumber,
}

pub fn check(
    conn: &mut DbConnection,
    habilitation: &HabilitationRecord,
    plan: &Plan,
    today: NaiveDate,
) -> AppResult<PlanFields> {
    session::check_dates(plan.start_date, plan.end_date)?;
    session::check_declaration_window(plan.end_date, today)?;
    session::check_habilitation_covers(
        habilitation.valid_from,
        habilitation.valid_until,
        habilitation.withdrawn_at.is_some(),
        plan.start_date,
        plan.end_date,
    )?;
    let scheme = reference::scheme(conn, &habilitation.scheme_code, habilitation.level)?
        .ok_or_else(|| AppError::internal("a habilitation names an unknown scheme"))?;
    let minimum = match plan.kind {
        SessionKind::Initial => scheme.initial_min_hours,
        SessionKind::Mac => scheme.mac_min_hours,
    };
    session::check_hours(plan.hours, minimum)?;
    let place = label::check(&plan.place, 200).ok_or_else(|| {
        AppError::new(
            Code::SessionInvalidPlace,
            "Le lieu est requis (200 caractères au plus, sans caractère de contrôle).",
        )
    })?;
    let trainer = users::find_by_forprev_number(conn, &plan.trainer)?.ok_or_else(|| {
        AppError::new(
            Code::SessionUnknownTrainer,
            "Aucune personne n'a ce numéro Forprev.",
        )
    })?;
    check_trainer(
        conn,
        &trainer.id,
        &habilitation.scheme_code,
        habilitation.level,
        plan.start_date,
        plan.end_date,
    )?;
    Ok(PlanFields {
        kind: plan.kind.as_str().to_owned(),
        start_date: plan.start_date,
        end_date: plan.end_date,
        hours: plan.hours,
        place,
        trainer_id: trainer.id,
    })
}

/// The trainer holds, for the scheme, a certificate of a kind the level takes, covering the
/// session's dates (checked on declaration, on edit and when the trainer sends the results).
pub fn check_trainer(
    conn: &mut DbConnection,
    trainer: &UserId,
    scheme_code: &str,
    level: i32,
    start_date: NaiveDate,
    end_date: NaiveDate,
) -> AppResult<()> {
    let certificates: Vec<(TrainerKind, NaiveDate, NaiveDate)> =
        trainer_certificates::valid_on(conn, trainer, start_date)?
            .into_iter()
            .filter(|certificate| certificate.scheme_code == scheme_code)
            .filter_map(|certificate| {
                TrainerKind::parse(&certificate.kind)
                    .map(|kind| (kind, certificate.valid_from, certificate.valid_until))
            })
            .collect();
    session::check_trainer_certified(&certificates, level, start_date, end_date)
}
