//! One trainee checked against its session: names, birth date, e-mail where the level needs one,
//! the prior certificate of a MAC, and no one twice.

use super::TraineeInput;
use crate::certificates::token::Verification;
use crate::db::DbConnection;
use crate::domain::certificate::{self, PriorCertificate};
use crate::domain::fields::Fields;
use crate::domain::person_name;
use crate::domain::session;
use crate::error::{AppError, AppResult, Code};
use crate::store::trainees::{TraineeFields, TraineeRecord};
use crate::workflow::certificates::verify;
use crate::workflow::sessions::editable::Editable;
use chrono::NaiveDate;

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
    let session = &editable.session;
    let (scheme_code, level) = (
        &editable.habilitation.scheme_code,
        &editable.habilitation.level,
    );
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
    // Asked of the e-mail given, so that an invalid one is told once, as such.
    if let Err((code, message)) =
        session::check_certificate_copy(input.send_certificate, input.email.as_deref())
    {
        fields.take(
            format!("{prefix}send_certificate"),
            code,
            Err::<(), _>(message),
        );
    }
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
        send_certificate: input.send_certificate,
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
        error.errors = vec![crate::error::FieldError::new(
            field,
            "duplicate",
            "déjà inscrit",
        )];
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
        send_certificate: record.send_certificate,
    }
}
