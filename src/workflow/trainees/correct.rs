//! A certificate corrected after closure: a misspelt name or a wrong birth date, found once the
//! card is in the trainee's hands. Until the session's deletion, its runners correct the trainee;
//! its certificate is issued again (same validity, new token) and replaces the old one in the
//! session's zip, to download again; the old token verifies as `superseded`; a trainee who
//! consented to receive its certificate by e-mail receives the corrected one; in a trainers'
//! session, the trainer certificate the trainee's account keeps takes the corrected card too.
//! Results are not corrected this way.

use super::check::{check_no_duplicate, fields_of};
use super::trainee_of;
use crate::certificates::token::Signer;
use crate::certificates::{archive, pdf};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::certificate::{self, CertifiedRole};
use crate::domain::fields::Fields;
use crate::domain::label::french_date;
use crate::domain::person_name;
use crate::domain::session::{self, SessionStatus};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{SessionId, TraineeId};
use crate::notifications;
use crate::store::sessions as session_store;
use crate::store::trainees::{self as store, TraineeRecord};
use crate::store::{certificate_revocations, session_archives, trainer_certificates};
use crate::workflow::certificates::issue::{self, SessionCard};
use crate::workflow::sessions::steps::run_by;
use chrono::{DateTime, NaiveDate, Utc};

/// What is corrected; an absent field stays as it is.
pub struct Correction {
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
}

/// The trainee as corrected, its new certificate in the session's zip.
pub fn correct(
    conn: &mut DbConnection,
    signer: &Signer,
    access: &Access,
    (id, trainee_id): (&SessionId, &TraineeId),
    correction: Correction,
    now: DateTime<Utc>,
) -> AppResult<TraineeRecord> {
    let (session, scheme_code, level) = run_by(conn, access, id)?;
    if session.status != SessionStatus::Closed.as_str() {
        return Err(AppError::new(
            Code::SessionNotClosed,
            format!(
                "La session n'est pas clôturée ({}) : corrigez le stagiaire lui-même.",
                session.status
            ),
        ));
    }
    let all = store::of_session(conn, id)?;
    let current = trainee_of(&all, trainee_id)?.clone();
    let Some(old_token_id) = current.certificate_token_id.clone() else {
        return Err(AppError::new(
            Code::TraineeNoCertificate,
            "Ce stagiaire n'a pas de certificat à corriger.",
        ));
    };

    let mut fields = Fields::default();
    let family_name = correction
        .family_name
        .map(|name| fields.take("family_name", "invalid_name", person_name::normalise(&name)));
    let given_name = correction
        .given_name
        .map(|name| fields.take("given_name", "invalid_name", person_name::normalise(&name)));
    let birth_date = correction.birth_date.inspect(|date| {
        let plausible = session::check_birth_date(*date, session.start_date, now.date_naive());
        fields.take("birth_date", "implausible_birth_date", plausible);
    });
    fields.finish()?;
    // Where a duplicate is reported: the first field the correction gives.
    let field = [
        ("family_name", family_name.is_some()),
        ("given_name", given_name.is_some()),
        ("birth_date", birth_date.is_some()),
    ]
    .into_iter()
    .find_map(|(field, given)| given.then_some(field))
    .unwrap_or("family_name");
    let mut corrected = current.clone();
    corrected.family_name = family_name.unwrap_or(current.family_name.clone());
    corrected.given_name = given_name.unwrap_or(current.given_name.clone());
    corrected.birth_date = birth_date.unwrap_or(current.birth_date);
    let changes = changes(&current, &corrected);
    if changes.is_empty() {
        return Err(AppError::new(
            Code::TraineeCorrectionEmpty,
            "La correction ne change rien au stagiaire.",
        ));
    }
    // Like the trainees' list itself, the session names each person once.
    let others: Vec<_> = all
        .iter()
        .filter(|trainee| &trainee.id != trainee_id)
        .map(fields_of)
        .collect();
    check_no_duplicate(&others, &fields_of(&corrected), field.into())?;
    let issued = SessionCard::of(conn, (&session, &scheme_code, level), &access.user_id)?
        .issue(signer, corrected);
    // The first write: a correction made at the same time waits here, then finds the token gone.
    if !store::replace_certificate(conn, trainee_id, (&old_token_id, &issued.token_id))? {
        return Err(AppError::new(
            Code::TraineeCorrectedMeanwhile,
            "Ce stagiaire vient d'être corrigé par ailleurs : relisez-le.",
        ));
    }
    let identity = (
        issued.trainee.family_name.as_str(),
        issued.trainee.given_name.as_str(),
        issued.trainee.birth_date,
    );
    store::correct(conn, trainee_id, identity, now)?;
    if CertifiedRole::of_session_level(level) == CertifiedRole::Trainer {
        let card = serde_json::to_string(&issued.card).map_err(AppError::internal)?;
        let token = (issued.token.as_str(), issued.token_id.as_str());
        trainer_certificates::correct_card(conn, &old_token_id, &card, token)?;
    }
    let card = pdf::render(&issued.card, &issued.token).map_err(AppError::internal)?;
    notifications::certificate_copy_withdrawn(conn, &old_token_id)?;
    issue::send_copy(conn, &issued, &card, true, now)?;
    replace_in_zip(conn, id, &all, &issued.trainee, card)?;
    certificate_revocations::supersede(conn, &old_token_id, &access.user_id, now)?;
    session_store::record_event(
        conn,
        id,
        "certificate_corrected",
        &access.user_id,
        Some(&changes.join(" ; ")),
        now,
    )?;
    let mut trainee = issued.trainee;
    trainee.certificate_token_id = Some(issued.token_id);
    Ok(trainee)
}

/// The session's zip with `corrected`'s card in place of its former one, every file named again
/// (a corrected name renames its file; the others keep theirs).
fn replace_in_zip(
    conn: &mut DbConnection,
    id: &SessionId,
    before: &[TraineeRecord],
    corrected: &TraineeRecord,
    card: Vec<u8>,
) -> AppResult<()> {
    let zip = session_archives::content(conn, id)?
        .ok_or_else(|| AppError::internal("a closed session has no archive"))?;
    let mut files = archive::entries(&zip).map_err(AppError::internal)?;
    let certified: Vec<&TraineeRecord> = before
        .iter()
        .filter(|trainee| trainee.certificate_token_id.is_some())
        .collect();
    let names = |trainees: &[&TraineeRecord]| {
        certificate::file_names(
            trainees
                .iter()
                .map(|t| (t.family_name.as_str(), t.given_name.as_str())),
        )
    };
    let old_names = names(&certified);
    let Some(at) = certified.iter().position(|t| t.id == corrected.id) else {
        return Err(AppError::internal(
            "a certified trainee is not in its session",
        ));
    };
    let old_name = &old_names[at];
    let file = files
        .iter_mut()
        .find(|(name, _)| name == old_name)
        .ok_or_else(|| AppError::internal("a certificate is missing from its zip"))?;
    file.1 = card;
    let mut after = certified;
    after[at] = corrected;
    let renamed: Vec<(String, Vec<u8>)> = names(&after)
        .into_iter()
        .zip(old_names)
        .map(|(new_name, old_name)| {
            let content = files
                .iter()
                .find(|(name, _)| *name == old_name)
                .map(|(_, content)| content.clone())
                .unwrap_or_default();
            (new_name, content)
        })
        .collect();
    let zip = archive::zip(
        renamed
            .iter()
            .map(|(name, content)| (name.as_str(), content.as_slice())),
    )
    .map_err(AppError::internal)?;
    Ok(session_archives::replace(conn, id, &zip)?)
}

/// What changed, as the session's history says it ("Nom : Dupont → Dupond").
fn changes(before: &TraineeRecord, after: &TraineeRecord) -> Vec<String> {
    let mut changes = Vec::new();
    for (label, old, new) in [
        ("Nom", &before.family_name, &after.family_name),
        ("Prénom", &before.given_name, &after.given_name),
    ] {
        if old != new {
            changes.push(format!("{label} : {old} → {new}"));
        }
    }
    if before.birth_date != after.birth_date {
        let (old, new) = (
            french_date(before.birth_date),
            french_date(after.birth_date),
        );
        changes.push(format!("Date de naissance : {old} → {new}"));
    }
    changes
}
