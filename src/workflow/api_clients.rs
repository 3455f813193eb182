//! Partner software's clients of an entity: created by its managers (at most
//! `api_client::MAX_PER_ENTITY` live), each answered for by the manager who created it or took it
//! over (`Access::check_answers_for_clients`), revoked by its managers and admins.

use crate::auth::secret_token;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::api_client::{self, ClientStatus};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{ApiClientId, EntityId};
use crate::store::api_clients::{self as store, ApiClientRecord};
use crate::store::entities;
use chrono::{DateTime, Utc};

/// The new client and its secret, shown this once.
pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    id: &EntityId,
    name: &str,
    now: DateTime<Utc>,
) -> AppResult<(ApiClientRecord, String)> {
    entities::find_editable(conn, access, id)?;
    if !api_client::may_add(store::count_live(conn, id)?) {
        return Err(AppError::new(
            Code::ApiClientLimitReached,
            format!(
                "Une entité a au plus {} clients d'API : révoquez-en un d'abord.",
                api_client::MAX_PER_ENTITY
            ),
        ));
    }
    let (secret, secret_hash) = secret_token::generate();
    let client_id = store::insert(conn, id, name, &secret_hash, &access.user_id, now)?;
    let client = store::find(conn, &client_id)?.ok_or_else(AppError::not_found)?;
    Ok((client, secret))
}

/// The caller answers for the client from now on (a suspended client acts again).
pub fn take_over(
    conn: &mut DbConnection,
    access: &Access,
    (id, client_id): (&EntityId, &ApiClientId),
) -> AppResult<(ApiClientRecord, ClientStatus)> {
    entities::find_editable(conn, access, id)?;
    access.check_answers_for_clients(id)?;
    if !store::take_over(conn, id, client_id, &access.user_id)? {
        return Err(AppError::not_found());
    }
    let client = store::find(conn, client_id)?.ok_or_else(AppError::not_found)?;
    let status = store::status(conn, &client)?;
    Ok((client, status))
}

pub fn revoke(
    conn: &mut DbConnection,
    access: &Access,
    (id, client_id): (&EntityId, &ApiClientId),
    now: DateTime<Utc>,
) -> AppResult<()> {
    entities::find_editable(conn, access, id)?;
    if store::revoke(conn, id, client_id, now)? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}
