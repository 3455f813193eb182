//! What closing a session issues: one certificate per passed trainee (its card, signed token and
//! PDF), the session's zip and, for a trainers' session, a trainer certificate for each of them.
//! `prepare` reads and renders outside any transaction; `record` stores, inside the closing one.

use crate::auth::invitation::{self, NewPerson};
use crate::certificates::token::{Signer, new_token_id};
use crate::certificates::{Card, CertificateClaims, archive, pdf};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::certificate::{self, CertifiedRole};
use crate::domain::grant::Role;
use crate::domain::session::{Outcome, SessionKind};
use crate::domain::trainer_certificate::TrainerKind;
use crate::error::{AppError, AppResult};
use crate::ids::UserId;
use crate::notifications;
use crate::store::reference::SchemeRecord;
use crate::store::sessions::SessionRecord;
use crate::store::trainees::{self, TraineeRecord};
use crate::store::trainer_certificates::{self, NewCertificate};
use crate::store::{entities, members, reference, session_archives, users};
use chrono::{DateTime, Utc};

pub struct Issued {
    pub trainee: TraineeRecord,
    pub card: Card,
    pub token_id: String,
    pub token: String,
}

pub struct Issue {
    pub certificates: Vec<Issued>,
    /// Each certificate's PDF, in the same order.
    pub pdfs: Vec<Vec<u8>>,
    /// The PDFs zipped.
    pub zip: Vec<u8>,
}

/// What every card of a session prints alike.
pub struct SessionCard {
    scheme: SchemeRecord,
    level: i32,
    kind: SessionKind,
    session: SessionRecord,
    entity_name: String,
    trainer_name: String,
    signatory_name: String,
}

impl SessionCard {
    /// The signatory is the entity's signatory (the first, by name) or, if it has none, `closer`
    /// (who closes, or corrects).
    pub fn of(
        conn: &mut DbConnection,
        (session, scheme_code, level): (&SessionRecord, &str, i32),
        closer: &UserId,
    ) -> AppResult<Self> {
        let scheme = reference::scheme(conn, scheme_code, level)?
            .ok_or_else(|| AppError::internal("a session names an unknown scheme"))?;
        let full_name =
            |user: users::UserRecord| format!("{} {}", user.given_name, user.family_name);
        let trainer = users::find(conn, &session.trainer_id)?
            .ok_or_else(|| AppError::internal("a session's trainer is gone"))?;
        let signatory_name = match members::of_entity(conn, &session.entity_id)?
            .into_iter()
            .find(|member| member.role == Role::Signatory.as_str())
        {
            Some(member) => format!("{} {}", member.given_name, member.family_name),
            None => full_name(
                users::find(conn, closer)?
                    .ok_or_else(|| AppError::internal("the closer is gone"))?,
            ),
        };
        Ok(SessionCard {
            kind: SessionKind::parse(&session.kind)
                .ok_or_else(|| AppError::internal("unknown session kind"))?,
            entity_name: entities::legal_name(conn, &session.entity_id)?,
            trainer_name: full_name(trainer),
            scheme,
            level,
            session: session.clone(),
            signatory_name,
        })
    }

    /// The trainee's certificate: its card, a new token id and the token signed.
    pub fn issue(&self, signer: &Signer, trainee: TraineeRecord) -> Issued {
        let session = &self.session;
        let card = Card {
            family_name: trainee.family_name.clone(),
            given_name: trainee.given_name.clone(),
            birth_date: Some(trainee.birth_date),
            scheme_code: self.scheme.code.clone(),
            scheme_name: self.scheme.name.clone(),
            level: self.level,
            role: CertifiedRole::of_session_level(self.level),
            kind: Some(self.kind),
            start_date: Some(session.start_date),
            end_date: Some(session.end_date),
            entity_name: Some(self.entity_name.clone()),
            trainer_name: Some(self.trainer_name.clone()),
            signatory_name: Some(self.signatory_name.clone()),
            valid_until: certificate::valid_until(
                session.end_date,
                self.scheme.certificate_validity_months,
            ),
        };
        let token_id = new_token_id();
        let token = signer.sign(&CertificateClaims::of(&card, token_id.clone()));
        Issued {
            trainee,
            card,
            token_id,
            token,
        }
    }
}

/// The certificates of a validated session, rendered and zipped.
pub fn prepare(
    conn: &mut DbConnection,
    signer: &Signer,
    session: (&SessionRecord, &str, i32),
    closer: &UserId,
) -> AppResult<Issue> {
    let cards = SessionCard::of(conn, session, closer)?;
    let certificates: Vec<Issued> = trainees::of_session(conn, &session.0.id)?
        .into_iter()
        .filter(|trainee| trainee.outcome.as_deref() == Some(Outcome::Passed.as_str()))
        .map(|trainee| cards.issue(signer, trainee))
        .collect();
    let pdfs = certificates
        .iter()
        .map(|issued| pdf::render(&issued.card, &issued.token).map_err(AppError::internal))
        .collect::<AppResult<Vec<_>>>()?;
    let names = certificate::file_names(certificates.iter().map(|issued| {
        (
            issued.card.family_name.as_str(),
            issued.card.given_name.as_str(),
        )
    }));
    let zip = archive::zip(
        names
            .iter()
            .map(String::as_str)
            .zip(pdfs.iter().map(Vec::as_slice)),
    )
    .map_err(AppError::internal)?;
    Ok(Issue {
        certificates,
        pdfs,
        zip,
    })
}

/// Stores what `prepare` made, in the caller's transaction: the zip, each consenting trainee's
/// copy by e-mail and, for a trainers' session (level 2), each passed trainee as a trainer (found
/// by Forprev number or e-mail, or invited).
pub fn record(
    conn: &mut DbConnection,
    config: &Config,
    session: &SessionRecord,
    level: i32,
    issue: &Issue,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let count = i32::try_from(issue.certificates.len()).map_err(AppError::internal)?;
    session_archives::insert(conn, &session.id, &issue.zip, count, now)?;
    for (issued, pdf) in issue.certificates.iter().zip(&issue.pdfs) {
        trainees::set_certificate(conn, &issued.trainee.id, &issued.token_id)?;
        send_copy(conn, issued, pdf, false, now)?;
    }
    if CertifiedRole::of_session_level(level) != CertifiedRole::Trainer {
        return Ok(());
    }
    for issued in &issue.certificates {
        let user_id = trainer_account(conn, config, issued, now)?;
        let card = serde_json::to_string(&issued.card).map_err(AppError::internal)?;
        trainer_certificates::record(
            conn,
            NewCertificate {
                user_id: &user_id,
                scheme_code: &issued.card.scheme_code,
                kind: TrainerKind::Trainer.as_str(),
                valid_from: session.end_date,
                valid_until: issued.card.valid_until,
                origin: "session",
                card: Some(&card),
                token: Some((&issued.token, &issued.token_id)),
            },
            now,
        )?;
    }
    Ok(())
}

/// Queues the trainee's own copy of its certificate (`pdf`), if it consented to receive it;
/// `corrected` when it replaces an earlier one.
pub fn send_copy(
    conn: &mut DbConnection,
    issued: &Issued,
    pdf: &[u8],
    corrected: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let trainee = &issued.trainee;
    match &trainee.email {
        Some(email) if trainee.send_certificate => notifications::certificate_copy(
            conn,
            (email, &trainee.session_id, &trainee.id),
            (&issued.card, pdf, &issued.token_id),
            corrected,
            now,
        ),
        _ => Ok(()),
    }
}

/// The account a new trainer's certificate goes to: the trainee's Forprev number, else its
/// e-mail, else a new account, whose invitation to choose a password is e-mailed.
fn trainer_account(
    conn: &mut DbConnection,
    config: &Config,
    issued: &Issued,
    now: DateTime<Utc>,
) -> AppResult<UserId> {
    let trainee = &issued.trainee;
    for login in [&trainee.forprev_number, &trainee.email]
        .into_iter()
        .flatten()
    {
        if let Some(user) = users::find_by_login(conn, login)? {
            return Ok(user.id);
        }
    }
    let email = trainee
        .email
        .as_deref()
        .ok_or_else(|| AppError::internal("a trainers' session trainee has no e-mail"))?;
    let invited = invitation::invite(
        conn,
        NewPerson {
            email,
            family_name: &trainee.family_name,
            given_name: &trainee.given_name,
        },
        now,
    )?;
    notifications::trainer_invited(
        conn,
        config,
        (email, &trainee.given_name, invited.forprev_number.as_str()),
        (&trainee.session_id, &issued.card.scheme_code),
        (&invited.token, invited.expires_at.date_naive()),
        now,
    )?;
    Ok(invited.user_id)
}
