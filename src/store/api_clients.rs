//! Partner software's client credentials.

use super::naive;
use crate::db::DbConnection;
use crate::db::schema::{api_clients, grants, users};
use crate::domain::api_client::{self, ClientStatus};
use crate::domain::grant::Role;
use crate::ids::{ApiClientId, EntityId, UserId};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_clients)]
pub struct ApiClientRecord {
    pub id: ApiClientId,
    pub entity_id: EntityId,
    pub name: String,
    pub secret_hash: String,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
}

pub fn insert(
    conn: &mut DbConnection,
    entity: &EntityId,
    name: &str,
    secret_hash: &str,
    created_by: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<ApiClientId> {
    let id = ApiClientId::generate();
    diesel::insert_into(api_clients::table)
        .values((
            api_clients::id.eq(&id),
            api_clients::entity_id.eq(entity),
            api_clients::name.eq(name),
            api_clients::secret_hash.eq(secret_hash),
            api_clients::created_by.eq(created_by),
            api_clients::created_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The client's status: revoked, or active while its accountable person is an active account
/// that manages its entity, suspended otherwise.
pub fn status(conn: &mut DbConnection, client: &ApiClientRecord) -> QueryResult<ClientStatus> {
    let accountable_active = users::table
        .find(&client.created_by)
        .select(users::active)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false);
    let manages = accountable_active
        && super::members::holds(conn, &client.entity_id, &client.created_by, Role::Manager)?;
    Ok(api_client::status(client.revoked_at.is_some(), manages))
}

/// The client, if it is active now.
pub fn find_active(
    conn: &mut DbConnection,
    id: &ApiClientId,
) -> QueryResult<Option<ApiClientRecord>> {
    match find(conn, id)? {
        Some(client) if status(conn, &client)? == ClientStatus::Active => Ok(Some(client)),
        _ => Ok(None),
    }
}

/// How many clients of the entity are not revoked.
pub fn count_live(conn: &mut DbConnection, entity: &EntityId) -> QueryResult<usize> {
    api_clients::table
        .filter(api_clients::entity_id.eq(entity))
        .filter(api_clients::revoked_at.is_null())
        .count()
        .get_result::<i64>(conn)
        .map(|count| usize::try_from(count).unwrap_or(usize::MAX))
}

/// Makes `accountable` the person the entity's live client acts for; false when there is no such
/// client.
pub fn take_over(
    conn: &mut DbConnection,
    entity: &EntityId,
    id: &ApiClientId,
    accountable: &UserId,
) -> QueryResult<bool> {
    let updated = diesel::update(
        api_clients::table
            .filter(api_clients::id.eq(id))
            .filter(api_clients::entity_id.eq(entity))
            .filter(api_clients::revoked_at.is_null()),
    )
    .set(api_clients::created_by.eq(accountable))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn find(conn: &mut DbConnection, id: &ApiClientId) -> QueryResult<Option<ApiClientRecord>> {
    api_clients::table
        .find(id)
        .select(ApiClientRecord::as_select())
        .first(conn)
        .optional()
}

/// The entity's clients, oldest first, each with its status now: two statements however many
/// clients there are (their accountable people are looked up together).
pub fn of_entity(
    conn: &mut DbConnection,
    entity: &EntityId,
) -> QueryResult<Vec<(ApiClientRecord, ClientStatus)>> {
    let clients: Vec<ApiClientRecord> = api_clients::table
        .filter(api_clients::entity_id.eq(entity))
        .order(api_clients::id)
        .select(ApiClientRecord::as_select())
        .load(conn)?;
    let active = users::table
        .filter(users::active.eq(true))
        .select(users::id);
    let managing: Vec<UserId> = grants::table
        .filter(grants::entity_id.eq(entity))
        .filter(grants::role.eq(Role::Manager.as_str()))
        .filter(grants::user_id.eq_any(active))
        .select(grants::user_id)
        .load(conn)?;
    Ok(clients
        .into_iter()
        .map(|client| {
            let manages = managing.contains(&client.created_by);
            let status = api_client::status(client.revoked_at.is_some(), manages);
            (client, status)
        })
        .collect())
}

/// Revokes the client of `entity` unless already revoked; false when there was nothing to revoke.
pub fn revoke(
    conn: &mut DbConnection,
    entity: &EntityId,
    id: &ApiClientId,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        api_clients::table
            .filter(api_clients::id.eq(id))
            .filter(api_clients::entity_id.eq(entity))
            .filter(api_clients::revoked_at.is_null()),
    )
    .set(api_clients::revoked_at.eq(naive(now)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Sets (or, with `None`, removes) the webhook of the entity's live client; false when there is
/// no such client.
pub fn set_webhook(
    conn: &mut DbConnection,
    entity: &EntityId,
    id: &ApiClientId,
    webhook: Option<(&str, &str)>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        api_clients::table
            .filter(api_clients::id.eq(id))
            .filter(api_clients::entity_id.eq(entity))
            .filter(api_clients::revoked_at.is_null()),
    )
    .set((
        api_clients::webhook_url.eq(webhook.map(|(url, _)| url)),
        api_clients::webhook_secret.eq(webhook.map(|(_, secret)| secret)),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}
