//! A session's plan: declared by its runners, changed while it is in the entity's hands, deleted
//! while a draft. The plan passes the same checks on declaration and on every edit (its dates,
//! its habilitation, its hours, its place and its trainer).

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::label;
use crate::domain::session::{self, SessionKind, SessionStatus, check_version, stale};
use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult, Code};
use crate::ids::{HabilitationId, SessionId, UserId};
use crate::store::habilitations::{self, HabilitationRecord};
use crate::store::sessions::{self as store, PlanFields};
use crate::store::{reference, trainer_certificates, users};
use crate::workflow::sessions::editable::{Editable, editable, run_by};
use chrono::{DateTime, NaiveDate, Utc};

/// A session as the entity writes it.
pub struct Plan {
    pub kind: SessionKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub hours: i32,
    pub place: String,
    pub trainer: ForprevNumber,
}

/// What an edit changes; absent fields stay.
#[derive(Default)]
pub struct PlanChange {
    pub kind: Option<SessionKind>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub hours: Option<i32>,
    pub place: Option<String>,
    pub trainer: Option<ForprevNumber>,
}

/// A new draft on the habilitation, if the caller runs its sessions.
pub fn declare(
    conn: &mut DbConnection,
    access: &Access,
    habilitation: &HabilitationId,
    plan: &Plan,
    now: DateTime<Utc>,
) -> AppResult<SessionId> {
    let habilitation =
        habilitations::find_visible(conn, access, habilitation)?.ok_or_else(AppError::not_found)?;
    access.check_runs(&habilitation.entity_id, &habilitation.id)?;
    let fields = check(conn, &habilitation, plan, now.date_naive())?;
    let id = store::insert(
        conn,
        &habilitation.id,
        &habilitation.entity_id,
        &fields,
        &access.user_id,
        now,
    )?;
    store::record_event(conn, &id, "created", &access.user_id, None, now)?;
    Ok(id)
}

/// Changes a draft or returned session; every check of its declaration runs again.
pub fn edit(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
    change: PlanChange,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Editable {
        session: current,
        habilitation,
    } = editable(conn, access, id, expected_version)?;
    let trainer = match change.trainer {
        Some(number) => number,
        None => users::find(conn, &current.trainer_id)?
            .ok_or_else(|| AppError::internal("a session's trainer is gone"))?
            .forprev_number(),
    };
    let merged = Plan {
        kind: match change.kind {
            Some(kind) => kind,
            None => SessionKind::parse(&current.kind)
                .ok_or_else(|| AppError::internal("unknown kind"))?,
        },
        start_date: change.start_date.unwrap_or(current.start_date),
        end_date: change.end_date.unwrap_or(current.end_date),
        hours: change.hours.unwrap_or(current.hours),
        place: change.place.unwrap_or(current.place),
        trainer,
    };
    let fields = check(conn, &habilitation, &merged, now.date_naive())?;
    if !store::update_plan(conn, id, current.version, &fields, now)? {
        return Err(stale());
    }
    store::record_event(conn, id, "updated", &access.user_id, None, now).map_err(Into::into)
}

/// Deletes a draft; a submitted session is cancelled instead, and kept 15 days.
pub fn delete(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
) -> AppResult<()> {
    let current = run_by(conn, access, id)?.session;
    if current.status != SessionStatus::Draft.as_str() {
        return Err(AppError::new(
            Code::SessionNotDeletable,
            "Seul un brouillon se supprime ; annulez la session.",
        ));
    }
    check_version(expected_version, current.version)?;
    if !store::delete(conn, id, current.version)? {
        return Err(stale());
    }
    Ok(())
}

fn check(
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
