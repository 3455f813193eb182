//! `/api/v1/sessions/{id}/trainees`: who follows a session. Trainees change only while the session
//! is in the entity's hands; each change gives the session a new version (its `ETag`).

pub mod add;
pub mod list;
pub mod proof;
pub mod remove;
pub mod update;

use crate::api::fields::Fields;
use crate::certificates::token::Verification;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::certificate::{self, PriorCertificate};
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::person_name;
use crate::domain::session::{self, SessionStatus};
use crate::domain::session::{check_version, stale};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{SessionId, TraineeId};
use crate::store::habilitations;
use crate::store::sessions::{self as sessions, SessionRecord};
use crate::store::trainees::{self as store, TraineeFields, TraineeRecord};
use crate::workflow::certificates::verify;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TraineeInput {
    #[schema(example = "Lefèvre-Garçon")]
    pub family_name: String,
    #[schema(example = "Éloïse")]
    pub given_name: String,
    /// In the past, and at least 14 years before the session's first day.
    pub birth_date: NaiveDate,
    /// Required in a trainers' session (level 2): passed trainees become trainers.
    pub email: Option<String>,
    /// For a MAC: the token of the trainee's previous certificate (its QR code). It must verify
    /// (an expired certificate is fine), be of the session's scheme and level, and name the trainee.
    pub prior_certificate_token: Option<String>,
    /// The trainee's Forprev number, if it has an account: in a trainers' session, the
    /// certificate goes to that account (otherwise to the account of its e-mail, or a new one).
    pub forprev_number: Option<ForprevNumber>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Trainee)]
pub struct TraineeView {
    pub id: TraineeId,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_certificate_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forprev_number: Option<ForprevNumber>,
    /// Set by the trainer.
    pub identity_checked: bool,
    /// `passed` or `failed`, set by the trainer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

impl From<TraineeRecord> for TraineeView {
    fn from(record: TraineeRecord) -> Self {
        TraineeView {
            id: record.id,
            family_name: record.family_name,
            given_name: record.given_name,
            birth_date: record.birth_date,
            email: record.email,
            prior_certificate_token: record.prior_certificate_token,
            forprev_number: record.forprev_number.map(ForprevNumber::from_trusted),
            identity_checked: record.identity_checked,
            outcome: record.outcome,
        }
    }
}

/// A session whose trainees change: its record and its scheme (code, level).
pub struct Editable {
    pub session: SessionRecord,
    pub scheme_code: String,
    pub level: i32,
}

/// The session, if the caller runs it, it is still in the entity's hands, and `If-Match` (if
/// sent) names its current version.
pub fn editable_session(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
) -> AppResult<Editable> {
    let (session, scheme_code, level) =
        sessions::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let habilitation = habilitations::find_visible(conn, access, &session.habilitation_id)?
        .ok_or_else(AppError::not_found)?;
    access.check_runs(&habilitation.entity_id, &habilitation.id)?;
    let status = SessionStatus::parse(&session.status)
        .ok_or_else(|| AppError::internal("unknown session status"))?;
    if !status.editable() {
        return Err(AppError::new(
            Code::SessionNotEditable,
            format!("La session n'est plus modifiable ({}).", status.as_str()),
        ));
    }
    check_version(expected_version, session.version)?;
    Ok(Editable {
        session,
        scheme_code,
        level,
    })
}

/// The verification of a trainee's prior certificate token, if it has one.
pub fn verify_prior(
    conn: &mut DbConnection,
    input: &TraineeInput,
    today: NaiveDate,
) -> AppResult<Option<Verification>> {
    match prior_token(input) {
        Some(token) if token.len() <= MAX_TOKEN_BYTES => {
            Ok(Some(verify::verify(conn, token, today)?))
        }
        _ => Ok(None),
    }
}

const MAX_TOKEN_BYTES: usize = 2000;

fn prior_token(input: &TraineeInput) -> Option<&str> {
    input
        .prior_certificate_token
        .as_deref()
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

/// Checks one trainee, recording its invalid fields under `prefix`; `prior` is the verification of
/// its prior certificate token (`verify_prior`).
pub fn check(
    input: &TraineeInput,
    editable: &Editable,
    prior: Option<&Verification>,
    today: NaiveDate,
    fields: &mut Fields,
    prefix: &str,
) -> TraineeFields {
    let Editable {
        session,
        scheme_code,
        level,
    } = editable;
    let family_name = fields.take(
        format!("{prefix}family_name"),
        "invalid_name",
        person_name::normalise(&input.family_name),
    );
    let given_name = fields.take(
        format!("{prefix}given_name"),
        "invalid_name",
        person_name::normalise(&input.given_name),
    );
    fields.take(
        format!("{prefix}birth_date"),
        "implausible_birth_date",
        session::check_birth_date(input.birth_date, session.start_date, today),
    );
    let email = match session::trainee_email(*level, input.email.as_deref()) {
        Ok(email) => email,
        Err((code, message)) => fields.take(
            format!("{prefix}email"),
            code,
            Err::<Option<String>, _>(message),
        ),
    };
    let token = prior_token(input);
    let token_field = format!("{prefix}prior_certificate_token");
    if token.is_some_and(|token| token.len() > MAX_TOKEN_BYTES) {
        fields.take(token_field, "too_long", Err::<(), _>("jeton trop long"));
    } else if let Some(verification) = prior {
        let certificate = verification.claims.as_ref().map(|claims| PriorCertificate {
            scheme_code: &claims.scheme_code,
            level: claims.level,
            family_name: &claims.family_name,
            given_name: &claims.given_name,
            birth_date: claims.birth_date,
        });
        if let Err((code, message)) = certificate::check_prior_certificate(
            verification.reason,
            certificate,
            (scheme_code, *level),
            (&family_name, &given_name, input.birth_date),
        ) {
            fields.take(token_field, code, Err::<(), _>(message));
        }
    }
    TraineeFields {
        family_name,
        given_name,
        birth_date: input.birth_date,
        email,
        prior_certificate_token: token.map(str::to_owned),
        forprev_number: input.forprev_number.as_ref().map(|n| n.as_str().to_owned()),
    }
}

/// 422 when a trainee would appear twice in the session.
pub fn check_no_duplicate(
    others: &[TraineeFields],
    trainee: &TraineeFields,
    field: String,
) -> AppResult<()> {
    let duplicate = others.iter().any(|other| {
        session::same_trainee(
            (&other.family_name, &other.given_name, other.birth_date),
            (
                &trainee.family_name,
                &trainee.given_name,
                trainee.birth_date,
            ),
        )
    });
    if duplicate {
        let mut error = AppError::new(
            Code::TraineeDuplicate,
            "Ce stagiaire figure déjà dans la session.",
        );
        error.errors = vec![crate::error::FieldError {
            field,
            code: "duplicate".into(),
            message: "déjà inscrit".into(),
        }];
        return Err(error);
    }
    Ok(())
}

pub fn fields_of(record: &TraineeRecord) -> TraineeFields {
    TraineeFields {
        family_name: record.family_name.clone(),
        given_name: record.given_name.clone(),
        birth_date: record.birth_date,
        email: record.email.clone(),
        prior_certificate_token: record.prior_certificate_token.clone(),
        forprev_number: record.forprev_number.clone(),
    }
}

/// Gives the session its new version after a trainee change.
pub fn touch(
    conn: &mut DbConnection,
    session: &SessionRecord,
    now: DateTime<Utc>,
) -> AppResult<i32> {
    if store::touch_session(conn, &session.id, session.version, now)? {
        Ok(session.version + 1)
    } else {
        Err(stale())
    }
}
