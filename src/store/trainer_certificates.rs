//! The trainer registry's certificates.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::trainer_certificates;
use crate::ids::UserId;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

pub struct NewCertificate<'a> {
    pub user_id: &'a UserId,
    pub scheme_code: &'a str,
    pub kind: &'a str,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// `import`, `network` or `session`.
    pub origin: &'a str,
}

/// Records the certificate unless the same one (person, scheme, kind, start) is there already;
/// true when recorded.
pub fn record(
    conn: &mut DbConnection,
    certificate: NewCertificate<'_>,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let exists = diesel::select(diesel::dsl::exists(
        trainer_certificates::table
            .filter(trainer_certificates::user_id.eq(certificate.user_id))
            .filter(trainer_certificates::scheme_code.eq(certificate.scheme_code))
            .filter(trainer_certificates::kind.eq(certificate.kind))
            .filter(trainer_certificates::valid_from.eq(certificate.valid_from)),
    ))
    .get_result::<bool>(conn)?;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(trainer_certificates::table)
        .values((
            trainer_certificates::id.eq(uuid::Uuid::now_v7().to_string()),
            trainer_certificates::user_id.eq(certificate.user_id),
            trainer_certificates::scheme_code.eq(certificate.scheme_code),
            trainer_certificates::kind.eq(certificate.kind),
            trainer_certificates::valid_from.eq(certificate.valid_from),
            trainer_certificates::valid_until.eq(certificate.valid_until),
            trainer_certificates::origin.eq(certificate.origin),
            trainer_certificates::created_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(true)
}
