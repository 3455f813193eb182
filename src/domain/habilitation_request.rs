//! Habilitation requests: drafted and transmitted by the entity, reviewed by its caisse, decided
//! by the national commission. Each step is one guarded transition; an illegal one is a 409.

use crate::domain::habilitation::DEFAULT_VALIDITY;
use crate::error::{AppError, Code};
use chrono::{Months, NaiveDate};

/// An Urssaf attestation older than this cannot back a transmission.
pub const URSSAF_MAX_AGE: Months = Months::new(6);

text_enum!(RequestKind {
    /// A first habilitation for these schemes.
    Initial => "initial",
    /// Renews habilitations the entity holds.
    Renewal => "renewal",
});

text_enum!(RequestStatus {
    /// The entity writes it.
    Draft => "draft",
    /// Awaiting the caisse's review.
    Transmitted => "transmitted",
    /// The caisse asked for more documents: back in the entity's hands.
    MoreDocumentsRequested => "more_documents_requested",
    /// The caisse gave its opinion: awaiting the commission.
    Reviewed => "reviewed",
    Granted => "granted",
    /// Final: the entity must file a new request.
    Refused => "refused",
});

text_enum!(Opinion {
    Favourable => "favourable",
    Unfavourable => "unfavourable",
    /// Sends the request back to the entity.
    MoreDocuments => "more_documents",
});

text_enum!(Decision {
    Granted => "granted",
    Refused => "refused",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Transmit,
    Review(Opinion),
    Decide(Decision),
}

impl RequestStatus {
    /// The statuses matching `keep`, as stored.
    pub fn stored_where(keep: fn(RequestStatus) -> bool) -> Vec<&'static str> {
        Self::ALL
            .iter()
            .copied()
            .filter(|status| keep(*status))
            .map(Self::as_str)
            .collect()
    }

    /// The entity may change the items and documents.
    pub fn editable(self) -> bool {
        matches!(
            self,
            RequestStatus::Draft | RequestStatus::MoreDocumentsRequested
        )
    }

    /// Under instruction: the entity may not transmit another request meanwhile.
    pub fn under_instruction(self) -> bool {
        matches!(
            self,
            RequestStatus::Transmitted
                | RequestStatus::MoreDocumentsRequested
                | RequestStatus::Reviewed
        )
    }

    /// The status after `step`, or 409 naming the current status.
    pub fn after(self, step: Step) -> Result<RequestStatus, AppError> {
        use RequestStatus::*;
        match (self, step) {
            (Draft | MoreDocumentsRequested, Step::Transmit) => Ok(Transmitted),
            (Transmitted, Step::Review(Opinion::MoreDocuments)) => Ok(MoreDocumentsRequested),
            (Transmitted, Step::Review(_)) => Ok(Reviewed),
            (Reviewed, Step::Decide(Decision::Granted)) => Ok(Granted),
            (Reviewed, Step::Decide(Decision::Refused)) => Ok(Refused),
            (current, _) => Err(AppError::new(
                Code::RequestIllegalTransition,
                format!(
                    "Impossible dans l'état actuel de la demande ({}).",
                    current.as_str()
                ),
            )),
        }
    }
}

/// What a transmission is checked against.
pub struct TransmissionFacts {
    pub has_items: bool,
    /// Items whose scheme needs a déroulé pédagogique but that name none.
    pub items_missing_deroule: Vec<String>,
    pub another_request_under_instruction: bool,
    /// Issue date of the most recent Urssaf attestation attached.
    pub latest_urssaf_issued_on: Option<NaiveDate>,
    /// Mandatory entity fields left empty.
    pub missing_entity_fields: Vec<&'static str>,
}

pub fn check_transmission(facts: &TransmissionFacts, today: NaiveDate) -> Result<(), AppError> {
    if !facts.has_items {
        return Err(AppError::new(
            Code::RequestNoItems,
            "La demande ne vise aucun dispositif.",
        ));
    }
    if facts.another_request_under_instruction {
        return Err(AppError::new(
            Code::RequestAnotherUnderInstruction,
            "Une autre demande de l'entité est en cours d'instruction.",
        ));
    }
    if !facts.missing_entity_fields.is_empty() {
        return Err(AppError::new(
            Code::RequestEntityIncomplete,
            format!(
                "Champs obligatoires de l'entité à remplir : {}.",
                facts.missing_entity_fields.join(", ")
            ),
        ));
    }
    let oldest_allowed = today - URSSAF_MAX_AGE;
    match facts.latest_urssaf_issued_on {
        Some(issued_on) if issued_on >= oldest_allowed => {}
        _ => {
            return Err(AppError::new(
                Code::RequestUrssafAttestationMissing,
                "Joignez une attestation Urssaf de moins de 6 mois.",
            ));
        }
    }
    if !facts.items_missing_deroule.is_empty() {
        return Err(AppError::new(
            Code::RequestDerouleMissing,
            format!(
                "Déroulé pédagogique manquant pour : {}.",
                facts.items_missing_deroule.join(", ")
            ),
        ));
    }
    Ok(())
}

/// An initial request asks for what the entity does not hold in force; a renewal, for what it
/// holds (in force or expired).
pub fn check_item_kind(kind: RequestKind, held: bool, in_force: bool) -> Result<(), AppError> {
    match kind {
        RequestKind::Initial if in_force => Err(AppError::new(
            Code::RequestAlreadyHabilitated,
            "L'entité détient déjà cette habilitation : demandez un renouvellement.",
        )),
        RequestKind::Renewal if !held => Err(AppError::new(
            Code::RequestNothingToRenew,
            "L'entité ne détient pas cette habilitation : faites une demande initiale.",
        )),
        _ => Ok(()),
    }
}

/// The caisse's comment, trimmed: an unfavourable opinion or a call for documents needs one.
pub fn review_comment(opinion: Opinion, comment: Option<&str>) -> Result<Option<&str>, AppError> {
    let comment = comment.map(str::trim).filter(|comment| !comment.is_empty());
    if opinion != Opinion::Favourable && comment.is_none() {
        return Err(AppError::new(
            Code::RequestCommentRequired,
            "Un avis défavorable ou une demande de pièces se motive.",
        ));
    }
    Ok(comment)
}

/// The commission's comment, trimmed: a refusal needs one.
pub fn decision_comment(
    decision: Decision,
    comment: Option<&str>,
) -> Result<Option<&str>, AppError> {
    let comment = comment.map(str::trim).filter(|comment| !comment.is_empty());
    if decision == Decision::Refused && comment.is_none() {
        return Err(AppError::new(
            Code::RequestCommentRequired,
            "Un refus se motive.",
        ));
    }
    Ok(comment)
}

/// The period of the habilitations granted: from today and for five years unless given; it ends
/// after it starts.
pub fn granted_period(
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let valid_from = valid_from.unwrap_or(today);
    let valid_until = valid_until.unwrap_or(valid_from + DEFAULT_VALIDITY);
    if valid_until <= valid_from {
        return Err(AppError::new(
            Code::RequestInvalidPeriod,
            "valid_until doit suivre valid_from.",
        ));
    }
    Ok((valid_from, valid_until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn complete() -> TransmissionFacts {
        TransmissionFacts {
            has_items: true,
            items_missing_deroule: vec![],
            another_request_under_instruction: false,
            latest_urssaf_issued_on: Some(date(2026, 6, 1)),
            missing_entity_fields: vec![],
        }
    }

    #[test]
    fn the_workflow_only_moves_forward_along_its_arrows() {
        use RequestStatus::*;
        assert_eq!(Draft.after(Step::Transmit).unwrap(), Transmitted);
        assert_eq!(
            Transmitted
                .after(Step::Review(Opinion::MoreDocuments))
                .unwrap(),
            MoreDocumentsRequested
        );
        assert_eq!(
            MoreDocumentsRequested.after(Step::Transmit).unwrap(),
            Transmitted
        );
        assert_eq!(
            Transmitted
                .after(Step::Review(Opinion::Unfavourable))
                .unwrap(),
            Reviewed
        );
        assert_eq!(
            Reviewed.after(Step::Decide(Decision::Granted)).unwrap(),
            Granted
        );
        for (status, step) in [
            (Draft, Step::Review(Opinion::Favourable)),
            (Draft, Step::Decide(Decision::Granted)),
            (Transmitted, Step::Transmit),
            (Transmitted, Step::Decide(Decision::Granted)),
            (Refused, Step::Transmit),
            (Granted, Step::Decide(Decision::Refused)),
        ] {
            assert_eq!(
                status.after(step).unwrap_err().code.as_str(),
                "request.illegal_transition"
            );
        }
    }

    #[test]
    fn the_urssaf_attestation_is_at_most_six_months_old_at_transmission() {
        let today = date(2026, 12, 1);
        assert!(check_transmission(&complete(), today).is_ok());
        let stale = TransmissionFacts {
            latest_urssaf_issued_on: Some(date(2026, 5, 31)),
            ..complete()
        };
        assert_eq!(
            check_transmission(&stale, today).unwrap_err().code.as_str(),
            "request.urssaf_attestation_missing"
        );
        let none = TransmissionFacts {
            latest_urssaf_issued_on: None,
            ..complete()
        };
        assert!(check_transmission(&none, today).is_err());
    }

    #[test]
    fn each_rule_has_its_code() {
        let today = date(2026, 12, 1);
        let cases = [
            (
                TransmissionFacts {
                    has_items: false,
                    ..complete()
                },
                "request.no_items",
            ),
            (
                TransmissionFacts {
                    another_request_under_instruction: true,
                    ..complete()
                },
                "request.another_under_instruction",
            ),
            (
                TransmissionFacts {
                    missing_entity_fields: vec!["contact_email"],
                    ..complete()
                },
                "request.entity_incomplete",
            ),
            (
                TransmissionFacts {
                    items_missing_deroule: vec!["SST niveau 2".into()],
                    ..complete()
                },
                "request.deroule_missing",
            ),
        ];
        for (facts, code) in cases {
            assert_eq!(
                check_transmission(&facts, today).unwrap_err().code.as_str(),
                code
            );
        }
    }

    #[test]
    fn who_asks_for_what_and_who_explains_why() {
        assert!(check_item_kind(RequestKind::Initial, true, false).is_ok());
        assert_eq!(
            check_item_kind(RequestKind::Initial, true, true)
                .unwrap_err()
                .code
                .as_str(),
            "request.already_habilitated"
        );
        assert!(check_item_kind(RequestKind::Renewal, true, false).is_ok());
        assert_eq!(
            check_item_kind(RequestKind::Renewal, false, false)
                .unwrap_err()
                .code
                .as_str(),
            "request.nothing_to_renew"
        );
        assert_eq!(
            review_comment(Opinion::Favourable, Some("  ")).unwrap(),
            None
        );
        assert!(review_comment(Opinion::MoreDocuments, Some(" ")).is_err());
        assert_eq!(
            decision_comment(Decision::Refused, Some(" Non ")).unwrap(),
            Some("Non")
        );
        assert!(decision_comment(Decision::Refused, None).is_err());
    }

    #[test]
    fn a_grant_lasts_five_years_from_today_unless_told_and_ends_after_it_starts() {
        let today = date(2026, 12, 1);
        assert_eq!(
            granted_period(None, None, today).unwrap(),
            (today, date(2031, 12, 1))
        );
        assert_eq!(
            granted_period(Some(today), Some(today), today)
                .unwrap_err()
                .code
                .as_str(),
            "request.invalid_period"
        );
    }
}
