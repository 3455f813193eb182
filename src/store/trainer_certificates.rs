//! The trainer registry's certificates.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::trainer_certificates;
use crate::domain::grant::{Grant, Role};
use crate::ids::UserId;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trainer_certificates)]
pub struct CertificateRecord {
    pub id: String,
    pub user_id: UserId,
    pub scheme_code: String,
    pub kind: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub origin: String,
    pub created_at: NaiveDateTime,
    /// The printed card (JSON of `certificates::Card`) and its token, once printed.
    pub card: Option<String>,
    pub token: Option<String>,
}

/// The person's certificates valid on `date`.
pub fn valid_on(
    conn: &mut DbConnection,
    user: &UserId,
    date: NaiveDate,
) -> QueryResult<Vec<CertificateRecord>> {
    trainer_certificates::table
        .filter(trainer_certificates::user_id.eq(user))
        .filter(trainer_certificates::valid_from.le(date))
        .filter(trainer_certificates::valid_until.ge(date))
        .order((
            trainer_certificates::scheme_code,
            trainer_certificates::valid_until.desc(),
        ))
        .select(CertificateRecord::as_select())
        .load(conn)
}

/// Whether the person is in the registry at all (holds or held a certificate).
pub fn any(conn: &mut DbConnection, user: &UserId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        trainer_certificates::table
            .filter(trainer_certificates::user_id.eq(user))
            .select(trainer_certificates::id),
    ))
    .get_result(conn)
}

/// The person's grants with, while a certificate is valid, the trainer role it gives.
pub fn grants_with_trainer_role(
    conn: &mut DbConnection,
    user: &UserId,
    today: NaiveDate,
) -> QueryResult<Vec<Grant>> {
    let mut grants = super::grants::of_user(conn, user)?;
    if !valid_on(conn, user, today)?.is_empty() {
        grants.push(Grant {
            role: Role::Trainer,
            ..Grant::admin()
        });
    }
    Ok(grants)
}

pub struct NewCertificate<'a> {
    pub user_id: &'a UserId,
    pub scheme_code: &'a str,
    pub kind: &'a str,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// `import`, `network` or `session`.
    pub origin: &'a str,
    /// As printed, for a certificate a session issued.
    pub card: Option<&'a str>,
    /// The card's token, and its id.
    pub token: Option<(&'a str, &'a str)>,
}

/// Records the certificate unless the same one (person, scheme, kind, start) is there already;
/// its id when recorded.
pub fn record(
    conn: &mut DbConnection,
    certificate: NewCertificate<'_>,
    now: DateTime<Utc>,
) -> QueryResult<Option<String>> {
    let exists = diesel::select(diesel::dsl::exists(
        trainer_certificates::table
            .filter(trainer_certificates::user_id.eq(certificate.user_id))
            .filter(trainer_certificates::scheme_code.eq(certificate.scheme_code))
            .filter(trainer_certificates::kind.eq(certificate.kind))
            .filter(trainer_certificates::valid_from.eq(certificate.valid_from)),
    ))
    .get_result::<bool>(conn)?;
    if exists {
        return Ok(None);
    }
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(trainer_certificates::table)
        .values((
            trainer_certificates::id.eq(&id),
            trainer_certificates::user_id.eq(certificate.user_id),
            trainer_certificates::scheme_code.eq(certificate.scheme_code),
            trainer_certificates::kind.eq(certificate.kind),
            trainer_certificates::valid_from.eq(certificate.valid_from),
            trainer_certificates::valid_until.eq(certificate.valid_until),
            trainer_certificates::origin.eq(certificate.origin),
            trainer_certificates::created_at.eq(naive(now)),
            trainer_certificates::card.eq(certificate.card),
            trainer_certificates::token.eq(certificate.token.map(|(token, _)| token)),
            trainer_certificates::token_id.eq(certificate.token.map(|(_, id)| id)),
        ))
        .execute(conn)?;
    Ok(Some(id))
}

/// All the person's certificates, the latest first.
pub fn of_user(conn: &mut DbConnection, user: &UserId) -> QueryResult<Vec<CertificateRecord>> {
    trainer_certificates::table
        .filter(trainer_certificates::user_id.eq(user))
        .order((
            trainer_certificates::valid_until.desc(),
            trainer_certificates::id,
        ))
        .select(CertificateRecord::as_select())
        .load(conn)
}

/// Keeps the card and token of a certificate printed for the first time; false if another
/// request printed it first (its card stands).
pub fn set_printed(
    conn: &mut DbConnection,
    id: &str,
    card: &str,
    (token, token_id): (&str, &str),
) -> QueryResult<bool> {
    let updated = diesel::update(
        trainer_certificates::table
            .find(id)
            .filter(trainer_certificates::token.is_null()),
    )
    .set((
        trainer_certificates::card.eq(card),
        trainer_certificates::token.eq(token),
        trainer_certificates::token_id.eq(token_id),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// The certificate whose card carries the token `old_token_id` takes a corrected card and its
/// token (a correction of the session that made its holder a trainer).
pub fn correct_card(
    conn: &mut DbConnection,
    old_token_id: &str,
    card: &str,
    (token, token_id): (&str, &str),
) -> QueryResult<()> {
    diesel::update(
        trainer_certificates::table.filter(trainer_certificates::token_id.eq(old_token_id)),
    )
    .set((
        trainer_certificates::card.eq(card),
        trainer_certificates::token.eq(token),
        trainer_certificates::token_id.eq(token_id),
    ))
    .execute(conn)
    .map(drop)
}
