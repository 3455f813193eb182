//! Certification sessions: the rules of DESIGN §6 and the workflow of §7, as pure functions with
//! the date passed in. Each broken rule is a 422 with its code; an illegal step a 409. This file
//! says *when*; who may take each step is in `domain/access.rs`.

use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult, Code};
use chrono::{Months, NaiveDate};

/// A session can be declared from this long before its last day…
pub const DECLARE_BEFORE_END: Months = Months::new(3);
/// …until this long after it (late declarations regularise sessions with their real dates).
pub const DECLARE_AFTER_END: Months = Months::new(1);
/// A session must be closed within this long after its last day.
pub const CLOSE_AFTER_END: Months = Months::new(3);
/// Youngest age at the first day of the session.
pub const MIN_TRAINEE_AGE_YEARS: u32 = 14;

text_enum!(SessionKind {
    Initial => "initial",
    /// Maintien et actualisation des compétences: trainees prove a prior certificate.
    Mac => "mac",
});

text_enum!(SessionStatus {
    Draft => "draft",
    AwaitingTrainer => "awaiting_trainer",
    Returned => "returned",
    Validated => "validated",
    Closed => "closed",
    Cancelled => "cancelled",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Return,
    SendResults,
    Close,
    Cancel,
}

impl SessionStatus {
    /// The entity may change the session and its trainees.
    pub fn editable(self) -> bool {
        matches!(self, SessionStatus::Draft | SessionStatus::Returned)
    }

    pub fn after(self, step: Step) -> Result<SessionStatus, AppError> {
        use SessionStatus::*;
        match (self, step) {
            (Draft | Returned, Step::Submit) => Ok(AwaitingTrainer),
            (AwaitingTrainer, Step::Return) => Ok(Returned),
            (AwaitingTrainer, Step::SendResults) => Ok(Validated),
            (Validated, Step::Close) => Ok(Closed),
            (Draft | Returned, Step::Cancel) => Ok(Cancelled),
            (current, _) => Err(AppError::new(
                Code::SessionIllegalTransition,
                format!(
                    "Impossible dans l'état actuel de la session ({}).",
                    current.as_str()
                ),
            )),
        }
    }
}

/// The declaration window: `today ∈ [end − 3 months, end + 1 month]`.
pub fn check_declaration_window(end_date: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if today < end_date - DECLARE_BEFORE_END || today > end_date + DECLARE_AFTER_END {
        return Err(AppError::new(
            Code::SessionDeclarationWindow,
            "Une session se déclare de 3 mois avant à 1 mois après son dernier jour.",
        ));
    }
    Ok(())
}

pub fn closure_deadline(end_date: NaiveDate) -> NaiveDate {
    end_date + CLOSE_AFTER_END
}

pub fn check_closure_deadline(end_date: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if today > closure_deadline(end_date) {
        return Err(AppError::new(
            Code::SessionClosureDeadline,
            "Une session se clôture au plus tard 3 mois après son dernier jour.",
        ));
    }
    Ok(())
}

pub fn check_dates(start_date: NaiveDate, end_date: NaiveDate) -> Result<(), AppError> {
    if start_date > end_date {
        return Err(AppError::new(
            Code::SessionInvalidDates,
            "Le premier jour précède le dernier.",
        ));
    }
    Ok(())
}

/// The scheme's minimum hours for this kind of session.
pub fn check_hours(hours: i32, minimum: i32) -> Result<(), AppError> {
    if hours < minimum {
        return Err(AppError::new(
            Code::SessionTooFewHours,
            format!("Ce dispositif demande au moins {minimum} heures."),
        ));
    }
    Ok(())
}

/// The habilitation covers every day of the session and is not withdrawn.
pub fn check_habilitation_covers(
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    withdrawn: bool,
    start_date: NaiveDate,
    end_date: NaiveDate,
) -> Result<(), AppError> {
    if withdrawn || start_date < valid_from || end_date > valid_until {
        return Err(AppError::new(
            Code::SessionHabilitationInactive,
            "L'habilitation n'est pas en vigueur sur toutes les dates de la session.",
        ));
    }
    Ok(())
}

/// The trainee count at submission is within the scheme's limits.
pub fn check_trainee_count(count: usize, min: i32, max: i32) -> Result<(), AppError> {
    let count = i32::try_from(count).unwrap_or(i32::MAX);
    if count < min || count > max {
        return Err(AppError::new(
            Code::SessionTraineeCount,
            format!("Une session de ce dispositif compte de {min} à {max} stagiaires."),
        ));
    }
    Ok(())
}

/// A session never holds more trainees than its scheme allows: checked as they are added (the
/// minimum waits for the submission).
pub fn check_room_for_trainees(present: usize, adding: usize, max: i32) -> Result<(), AppError> {
    let after = i32::try_from(present + adding).unwrap_or(i32::MAX);
    if after > max {
        return Err(AppError::new(
            Code::SessionTooManyTrainees,
            format!("Une session de ce dispositif compte au plus {max} stagiaires."),
        ));
    }
    Ok(())
}

/// The certificate kinds that let a trainer run a session of this level: actors' sessions
/// (level 1) take a trainer or a trainer of trainers, trainers' sessions (level 2) a trainer of
/// trainers.
pub fn trainer_kinds_for(level: i32) -> &'static [TrainerKind] {
    if level >= 2 {
        &[TrainerKind::TrainerOfTrainers]
    } else {
        &[TrainerKind::Trainer, TrainerKind::TrainerOfTrainers]
    }
}

/// One of the trainer's certificates for the scheme, of a kind the level takes, covers the
/// session's dates. `certificates`: (kind, valid_from, valid_until) for the session's scheme.
pub fn check_trainer_certified(
    certificates: &[(TrainerKind, NaiveDate, NaiveDate)],
    level: i32,
    start_date: NaiveDate,
    end_date: NaiveDate,
) -> Result<(), AppError> {
    let kinds = trainer_kinds_for(level);
    let covered = certificates.iter().any(|(kind, from, until)| {
        kinds.contains(kind) && *from <= start_date && end_date <= *until
    });
    if covered {
        Ok(())
    } else {
        Err(AppError::new(
            Code::SessionTrainerNotCertified,
            "Le formateur n'a pas de certificat valide pour ce dispositif jusqu'au dernier jour de la session.",
        ))
    }
}

text_enum!(Outcome {
    Passed => "passed",
    Failed => "failed",
});

/// The trainer sends results once every trainee's identity is checked and every one is passed
/// or failed: no partial validation.
pub fn check_results_complete(results: &[(bool, Option<Outcome>)]) -> Result<(), AppError> {
    if results.is_empty()
        || results
            .iter()
            .any(|(checked, outcome)| !checked || outcome.is_none())
    {
        return Err(AppError::new(
            Code::SessionResultsIncomplete,
            "Vérifiez l'identité de chaque stagiaire et donnez-lui un résultat avant d'envoyer.",
        ));
    }
    Ok(())
}

/// In a MAC session every trainee shows a prior certificate; `missing` names those who do not.
pub fn check_mac_proofs(kind: SessionKind, missing: &[String]) -> Result<(), AppError> {
    if kind == SessionKind::Mac && !missing.is_empty() {
        return Err(AppError::new(
            Code::SessionMacProofMissing,
            format!(
                "Preuve d'un certificat antérieur manquante pour : {}.",
                missing.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Two trainees of one session are the same person when their names (whatever the case and the
/// surrounding spaces) and birth dates match.
pub fn same_trainee(a: (&str, &str, NaiveDate), b: (&str, &str, NaiveDate)) -> bool {
    let fold = |text: &str| text.trim().to_lowercase();
    fold(a.0) == fold(b.0) && fold(a.1) == fold(b.1) && a.2 == b.2
}

/// A trainee's e-mail, normalised: optional, but required in a trainers' session (level 2), whose
/// passed trainees become trainers. The error is (field code, message).
pub fn trainee_email(
    level: i32,
    email: Option<&str>,
) -> Result<Option<String>, (&'static str, &'static str)> {
    match (email, level >= 2) {
        (Some(address), _) => super::email::normalise(address)
            .map(Some)
            .map_err(|message| ("invalid_email", message)),
        (None, true) => Err((
            "required",
            "l'e-mail est requis dans une session de formateurs",
        )),
        (None, false) => Ok(None),
    }
}

/// A trainee's own certificate is e-mailed to it only with its consent, and to its own address.
pub fn check_certificate_copy(
    send_certificate: bool,
    email: Option<&str>,
) -> Result<(), (&'static str, &'static str)> {
    if send_certificate && email.is_none() {
        return Err((
            "email_required",
            "l'envoi du certificat au stagiaire demande son e-mail",
        ));
    }
    Ok(())
}

/// A plausible birth date: in the past, and at least 14 years old on the first day.
pub fn check_birth_date(
    birth_date: NaiveDate,
    start_date: NaiveDate,
    today: NaiveDate,
) -> Result<(), &'static str> {
    if birth_date > today {
        return Err("la date de naissance ne peut être future");
    }
    if birth_date + Months::new(12 * MIN_TRAINEE_AGE_YEARS) > start_date {
        return Err("un stagiaire a au moins 14 ans au premier jour de la session");
    }
    Ok(())
}

/// 412 unless `If-Match` (when sent) names the current version: an ETag that names another one,
/// or that is not ours at all, is a failed precondition (RFC 9110).
pub fn check_version(if_match: Option<&str>, current: i32) -> AppResult<()> {
    let current = format!("\"{current}\"");
    match if_match {
        Some(tags)
            if !tags
                .split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == current) =>
        {
            Err(stale())
        }
        _ => Ok(()),
    }
}

/// 412: the session changed since the caller read it.
pub fn stale() -> AppError {
    AppError::new(
        Code::SessionStale,
        "La session a changé depuis votre lecture : rechargez-la.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_declaration_window_runs_from_three_months_before_to_one_month_after_the_end() {
        let end = date("2026-06-30");
        assert!(check_declaration_window(end, date("2026-03-29")).is_err());
        assert!(check_declaration_window(end, date("2026-03-30")).is_ok());
        assert!(check_declaration_window(end, date("2026-07-30")).is_ok());
        let late = check_declaration_window(end, date("2026-07-31")).unwrap_err();
        assert_eq!(late.code.as_str(), "session.declaration_window");
    }

    #[test]
    fn a_session_closes_within_three_months_of_its_end() {
        let end = date("2026-06-30");
        assert_eq!(closure_deadline(end), date("2026-09-30"));
        assert!(check_closure_deadline(end, date("2026-09-30")).is_ok());
        assert_eq!(
            check_closure_deadline(end, date("2026-10-01"))
                .unwrap_err()
                .code
                .as_str(),
            "session.closure_deadline"
        );
    }

    #[test]
    fn the_workflow_follows_its_arrows() {
        use SessionStatus::*;
        assert_eq!(Draft.after(Step::Submit).unwrap(), AwaitingTrainer);
        assert_eq!(AwaitingTrainer.after(Step::Return).unwrap(), Returned);
        assert_eq!(Returned.after(Step::Submit).unwrap(), AwaitingTrainer);
        assert_eq!(AwaitingTrainer.after(Step::SendResults).unwrap(), Validated);
        assert_eq!(Validated.after(Step::Close).unwrap(), Closed);
        assert_eq!(Returned.after(Step::Cancel).unwrap(), Cancelled);
        for (status, step) in [
            (Draft, Step::Close),
            (AwaitingTrainer, Step::Cancel),
            (Closed, Step::Submit),
            (Validated, Step::Return),
        ] {
            assert_eq!(
                status.after(step).unwrap_err().code.as_str(),
                "session.illegal_transition"
            );
        }
    }

    #[test]
    fn the_habilitation_covers_the_whole_session() {
        let (from, until) = (date("2025-01-01"), date("2029-12-31"));
        assert!(
            check_habilitation_covers(from, until, false, date("2026-01-05"), date("2026-01-06"))
                .is_ok()
        );
        assert!(
            check_habilitation_covers(from, until, false, date("2029-12-30"), date("2030-01-02"))
                .is_err()
        );
        assert!(
            check_habilitation_covers(from, until, true, date("2026-01-05"), date("2026-01-06"))
                .is_err()
        );
    }

    #[test]
    fn trainees_are_at_least_fourteen_on_the_first_day() {
        let start = date("2026-12-01");
        let today = date("2026-11-22");
        assert!(check_birth_date(date("2012-12-01"), start, today).is_ok());
        assert!(check_birth_date(date("2012-12-02"), start, today).is_err());
        assert!(check_birth_date(date("2026-11-23"), start, today).is_err());
    }

    #[test]
    fn the_trainer_is_certified_for_the_level_through_the_last_day() {
        let (start, end) = (date("2026-12-01"), date("2026-12-02"));
        let trainer = [(TrainerKind::Trainer, date("2025-01-01"), date("2026-12-02"))];
        assert!(check_trainer_certified(&trainer, 1, start, end).is_ok());
        assert_eq!(
            check_trainer_certified(&trainer, 2, start, end)
                .unwrap_err()
                .code
                .as_str(),
            "session.trainer_not_certified"
        );
        let short = [(TrainerKind::Trainer, date("2025-01-01"), date("2026-12-01"))];
        assert!(check_trainer_certified(&short, 1, start, end).is_err());
        let of_trainers = [(
            TrainerKind::TrainerOfTrainers,
            date("2025-01-01"),
            date("2027-12-31"),
        )];
        assert!(check_trainer_certified(&of_trainers, 2, start, end).is_ok());
        assert!(check_trainer_certified(&of_trainers, 1, start, end).is_ok());
        assert!(check_trainer_certified(&[], 1, start, end).is_err());
    }

    #[test]
    fn results_are_sent_whole() {
        assert!(
            check_results_complete(&[(true, Some(Outcome::Passed)), (true, Some(Outcome::Failed))])
                .is_ok()
        );
        assert!(
            check_results_complete(&[
                (true, Some(Outcome::Passed)),
                (false, Some(Outcome::Passed))
            ])
            .is_err()
        );
        assert!(check_results_complete(&[(true, None)]).is_err());
        assert!(check_results_complete(&[]).is_err());
        assert!(check_mac_proofs(SessionKind::Mac, &["Martin Paul".into()]).is_err());
        assert!(check_mac_proofs(SessionKind::Initial, &["Martin Paul".into()]).is_ok());
    }

    #[test]
    fn a_trainers_session_needs_the_trainees_e_mails() {
        assert_eq!(trainee_email(1, None), Ok(None));
        assert_eq!(trainee_email(2, None).unwrap_err().0, "required");
        assert_eq!(trainee_email(2, Some("A@B.fr")), Ok(Some("a@b.fr".into())));
        assert_eq!(trainee_email(1, Some("x")).unwrap_err().0, "invalid_email");
        assert!(check_certificate_copy(true, Some("a@b.fr")).is_ok());
        assert!(check_certificate_copy(false, None).is_ok());
        assert_eq!(
            check_certificate_copy(true, None).unwrap_err().0,
            "email_required"
        );
    }

    #[test]
    fn counts_hours_and_dates() {
        assert!(check_trainee_count(4, 4, 10).is_ok());
        assert_eq!(
            check_trainee_count(3, 4, 10).unwrap_err().code.as_str(),
            "session.trainee_count"
        );
        assert!(check_trainee_count(11, 4, 10).is_err());
        assert_eq!(
            check_hours(13, 14).unwrap_err().code.as_str(),
            "session.too_few_hours"
        );
        assert!(check_dates(date("2026-01-02"), date("2026-01-01")).is_err());
    }
}
