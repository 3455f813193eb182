//! Verifying a certificate token against the stored public keys and revocations.

use crate::certificates::token::{self, Verification};
use crate::db::DbConnection;
use crate::error::AppResult;
use crate::store::{certificate_keys, certificate_revocations};
use chrono::NaiveDate;

pub fn verify(conn: &mut DbConnection, token: &str, today: NaiveDate) -> AppResult<Verification> {
    let keys = certificate_keys::ring(conn)?;
    Ok(token::verify(
        token,
        &keys,
        |token_id| certificate_revocations::withdrawal(conn, token_id),
        today,
    )?)
}
