//! The steps of a request, each in the caller's transaction: check who may act, check the
//! domain's rules, move the status (only if nobody moved it first), record the event.

use super::*;
use crate::domain::document::DocumentKind;
use crate::domain::entity::EntityKind;
use crate::domain::habilitation::{self, DEFAULT_VALIDITY};
use crate::domain::habilitation_request::{
    Decision, Opinion, RequestKind, RequestStatus, Step, TransmissionFacts, check_transmission,
};
use crate::error::{AppError, AppResult, Code};
use crate::store::{documents, entities, habilitations, reference, users};
use chrono::NaiveDate;

/// What the entity writes: the kind, the schemes asked for, the documents attached.
pub struct Draft {
    pub kind: RequestKind,
    pub items: Vec<ItemRecord>,
    pub documents: Vec<DocumentId>,
}

pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    entity: &EntityId,
    draft: &Draft,
    now: DateTime<Utc>,
) -> AppResult<RequestId> {
    entities::find_editable(conn, access, entity)?;
    check_draft(conn, entity, draft, now.date_naive())?;
    let id = RequestId::generate();
    diesel::insert_into(habilitation_requests::table)
        .values((
            habilitation_requests::id.eq(&id),
            habilitation_requests::entity_id.eq(entity),
            habilitation_requests::kind.eq(draft.kind.as_str()),
            habilitation_requests::status.eq(RequestStatus::Draft.as_str()),
            habilitation_requests::created_by.eq(&access.user_id),
            habilitation_requests::created_at.eq(naive(now)),
            habilitation_requests::updated_at.eq(naive(now)),
        ))
        .execute(conn)?;
    replace_items(conn, &id, &draft.items)?;
    replace_documents(conn, &id, &draft.documents)?;
    record_event(conn, &id, "created", &access.user_id, None, now)?;
    Ok(id)
}

/// Replaces the items and documents, while the request is in the entity's hands.
pub fn update(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    draft: &Draft,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    entities::find_editable(conn, access, &request.entity_id)?;
    let status = status_of(&request)?;
    if !status.editable() {
        return Err(AppError::new(
            Code::RequestNotEditable,
            format!("La demande n'est plus modifiable ({}).", status.as_str()),
        ));
    }
    check_draft(conn, &request.entity_id, draft, now.date_naive())?;
    diesel::update(habilitation_requests::table.find(id))
        .set((
            habilitation_requests::kind.eq(draft.kind.as_str()),
            habilitation_requests::updated_at.eq(naive(now)),
        ))
        .execute(conn)?;
    replace_items(conn, id, &draft.items)?;
    replace_documents(conn, id, &draft.documents)?;
    record_event(conn, id, "updated", &access.user_id, None, now)?;
    Ok(())
}

pub fn transmit(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let entity = entities::find_editable(conn, access, &request.entity_id)?;
    let status = status_of(&request)?;
    let next = status.after(Step::Transmit)?;
    let items = items(conn, id)?;
    let mut items_missing_deroule = Vec::new();
    for item in &items {
        let scheme = reference::scheme(conn, &item.scheme_code, item.level)?
            .ok_or_else(|| AppError::internal("an item names an unknown scheme"))?;
        if scheme.deroule_required && item.deroule_document_id.is_none() {
            items_missing_deroule.push(format!("{} niveau {}", item.scheme_code, item.level));
        }
    }
    let mut latest_urssaf_issued_on = None;
    for document in documents(conn, id)? {
        if let Some(record) = documents::find(conn, &request.entity_id, &document)?
            && record.kind == DocumentKind::UrssafAttestation.as_str()
        {
            latest_urssaf_issued_on = latest_urssaf_issued_on.max(record.issued_on);
        }
    }
    let mut missing_entity_fields = Vec::new();
    if entity.contact_email.is_none() {
        missing_entity_fields.push("contact_email");
    }
    if EntityKind::parse(&entity.kind) == Some(EntityKind::TrainingBody) && entity.nda.is_none() {
        missing_entity_fields.push("nda");
    }
    let facts = TransmissionFacts {
        has_items: !items.is_empty(),
        items_missing_deroule,
        another_request_under_instruction: another_under_instruction(conn, &request.entity_id, id)?,
        latest_urssaf_issued_on,
        missing_entity_fields,
    };
    check_transmission(&facts, now.date_naive())?;
    advance(conn, id, status, next, now)?;
    diesel::update(habilitation_requests::table.find(id))
        .set(habilitation_requests::transmitted_at.eq(naive(now)))
        .execute(conn)?;
    record_event(conn, id, "transmitted", &access.user_id, None, now)?;
    Ok(())
}

/// The caisse's opinion; `more_documents` hands the request back to the entity.
pub fn review(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    opinion: Opinion,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let entity = entities::find_visible(conn, access, &request.entity_id)?
        .ok_or_else(AppError::not_found)?;
    if !access.caisses.contains(&entity.caisse_code) {
        return Err(AppError::new(
            Code::RequestReviewForbidden,
            "Seul un agent de la caisse de l'entité instruit la demande.",
        ));
    }
    let status = status_of(&request)?;
    let next = status.after(Step::Review(opinion))?;
    let comment = comment.map(str::trim).filter(|comment| !comment.is_empty());
    if opinion != Opinion::Favourable && comment.is_none() {
        return Err(AppError::new(
            Code::RequestCommentRequired,
            "Un avis défavorable ou une demande de pièces se motive.",
        ));
    }
    advance(conn, id, status, next, now)?;
    diesel::update(habilitation_requests::table.find(id))
        .set((
            habilitation_requests::review_opinion.eq(opinion.as_str()),
            habilitation_requests::review_comment.eq(comment),
        ))
        .execute(conn)?;
    record_event(
        conn,
        id,
        &format!("reviewed_{}", opinion.as_str()),
        &access.user_id,
        comment,
        now,
    )?;
    Ok(())
}

/// The commission's decision. Granted: each item becomes (or renews) a habilitation, and the
/// entity's provisional managers become full accounts. Refused is final.
pub fn decide(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    decision: Decision,
    period: (Option<NaiveDate>, Option<NaiveDate>),
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    if !access.admin {
        return Err(AppError::new(
            Code::RequestDecisionForbidden,
            "Seule la commission nationale décide.",
        ));
    }
    let status = status_of(&request)?;
    let next = status.after(Step::Decide(decision))?;
    let comment = comment.map(str::trim).filter(|comment| !comment.is_empty());
    if decision == Decision::Refused && comment.is_none() {
        return Err(AppError::new(
            Code::RequestCommentRequired,
            "Un refus se motive.",
        ));
    }
    let valid_from = period.0.unwrap_or(now.date_naive());
    let valid_until = period.1.unwrap_or(valid_from + DEFAULT_VALIDITY);
    if valid_until <= valid_from {
        return Err(AppError::new(
            Code::RequestInvalidPeriod,
            "valid_until doit suivre valid_from.",
        ));
    }
    advance(conn, id, status, next, now)?;
    if decision == Decision::Granted {
        for item in items(conn, id)? {
            habilitations::grant(
                conn,
                &request.entity_id,
                &item.scheme_code,
                item.level,
                valid_from,
                valid_until,
                now,
            )?;
        }
        users::confirm_provisional_managers(conn, &request.entity_id, now)?;
    }
    diesel::update(habilitation_requests::table.find(id))
        .set((
            habilitation_requests::decision.eq(decision.as_str()),
            habilitation_requests::decision_comment.eq(comment),
        ))
        .execute(conn)?;
    record_event(conn, id, decision.as_str(), &access.user_id, comment, now)?;
    Ok(())
}

pub fn status_of(request: &RequestRecord) -> AppResult<RequestStatus> {
    RequestStatus::parse(&request.status)
        .ok_or_else(|| AppError::internal(format!("unknown request status {}", request.status)))
}

fn advance(
    conn: &mut DbConnection,
    id: &RequestId,
    from: RequestStatus,
    to: RequestStatus,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if move_status(conn, id, from.as_str(), to.as_str(), now)? {
        Ok(())
    } else {
        Err(AppError::new(
            Code::RequestIllegalTransition,
            "La demande a changé entre-temps : rechargez-la.",
        ))
    }
}

/// Items name known schemes once each, with a déroulé of the entity where given; documents are
/// the entity's; an initial request asks for what the entity does not hold, a renewal for what
/// it holds.
fn check_draft(
    conn: &mut DbConnection,
    entity: &EntityId,
    draft: &Draft,
    today: NaiveDate,
) -> AppResult<()> {
    for (index, item) in draft.items.iter().enumerate() {
        if reference::scheme(conn, &item.scheme_code, item.level)?.is_none() {
            return Err(AppError::new(
                Code::RequestUnknownScheme,
                format!(
                    "Dispositif inconnu : {} niveau {}.",
                    item.scheme_code, item.level
                ),
            ));
        }
        if draft.items[..index]
            .iter()
            .any(|other| other.scheme_code == item.scheme_code && other.level == item.level)
        {
            return Err(AppError::new(
                Code::RequestDuplicateItem,
                "Chaque dispositif ne figure qu'une fois.",
            ));
        }
        if let Some(deroule) = &item.deroule_document_id {
            let is_deroule = documents::find(conn, entity, deroule)?
                .is_some_and(|document| document.kind == DocumentKind::DeroulePedagogique.as_str());
            if !is_deroule {
                return Err(AppError::new(
                    Code::RequestInvalidDeroule,
                    "deroule_document_id doit désigner un déroulé pédagogique de l'entité.",
                ));
            }
        }
        let held =
            habilitations::of_entity_for_scheme(conn, entity, &item.scheme_code, item.level)?;
        let in_force = held.as_ref().is_some_and(|held| {
            habilitation::is_in_force(habilitation::status(
                held.valid_from,
                held.valid_until,
                held.withdrawn_at.map(|at| at.and_utc()),
                today,
            ))
        });
        match draft.kind {
            RequestKind::Initial if in_force => {
                return Err(AppError::new(
                    Code::RequestAlreadyHabilitated,
                    "L'entité détient déjà cette habilitation : demandez un renouvellement.",
                ));
            }
            RequestKind::Renewal if held.is_none() => {
                return Err(AppError::new(
                    Code::RequestNothingToRenew,
                    "L'entité ne détient pas cette habilitation : faites une demande initiale.",
                ));
            }
            _ => {}
        }
    }
    for document in &draft.documents {
        if documents::find(conn, entity, document)?.is_none() {
            return Err(AppError::new(
                Code::RequestUnknownDocument,
                "Un document joint n'appartient pas à l'entité.",
            ));
        }
    }
    Ok(())
}
