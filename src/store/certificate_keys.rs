//! The keys that sign certificate tokens: the configured one is registered (public part only),
//! or, in development, one is generated and kept here so restarts keep verifying old cards.

use super::naive;
use crate::certificates::{KeyRing, Signer};
use crate::db::DbConnection;
use crate::db::schema::certificate_keys;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

/// The key that signs from now on: `configured` (PEM) if set, else the development key.
pub fn signer(
    conn: &mut DbConnection,
    configured: Option<&[u8]>,
    now: DateTime<Utc>,
) -> AppResult<Signer> {
    if let Some(pem) = configured {
        let signer = Signer::from_pem(pem).map_err(AppError::internal)?;
        register(conn, &signer, None, now)?;
        return Ok(signer);
    }
    let kept: Option<Vec<u8>> = certificate_keys::table
        .filter(certificate_keys::private_key.is_not_null())
        .order(certificate_keys::created_at.desc())
        .select(certificate_keys::private_key.assume_not_null())
        .first(conn)
        .optional()?;
    if let Some(der) = kept {
        return Signer::from_der(&der).map_err(AppError::internal);
    }
    let (signer, der) = Signer::generate();
    register(conn, &signer, Some(&der), now)?;
    tracing::warn!(kid = %signer.kid, "CERT_SIGNING_KEY unset: generated a development signing key");
    Ok(signer)
}

/// Adds the key unless it is there; two instances starting together may both try.
fn register(
    conn: &mut DbConnection,
    signer: &Signer,
    private_key: Option<&[u8]>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let present = |conn: &mut DbConnection| -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            certificate_keys::table.filter(certificate_keys::kid.eq(&signer.kid)),
        ))
        .get_result(conn)
    };
    if present(conn)? {
        return Ok(());
    }
    let inserted = diesel::insert_into(certificate_keys::table)
        .values((
            certificate_keys::kid.eq(&signer.kid),
            certificate_keys::public_key.eq(&signer.public_key),
            certificate_keys::private_key.eq(private_key),
            certificate_keys::created_at.eq(naive(now)),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(()),
        Err(_) if present(conn)? => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// Every public key, oldest first: (key id, base64url public key, since).
pub fn public_keys(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    certificate_keys::table
        .order(certificate_keys::created_at)
        .select((
            certificate_keys::kid,
            certificate_keys::public_key,
            certificate_keys::created_at,
        ))
        .load(conn)
}

pub fn ring(conn: &mut DbConnection) -> QueryResult<KeyRing> {
    let keys = public_keys(conn)?;
    Ok(KeyRing::new(
        keys.iter().map(|(kid, x, _)| (kid.as_str(), x.as_str())),
    ))
}
