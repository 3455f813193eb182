//! The queries behind the dashboard: what waits for the caller, per role. Each task counts all its
//! rows and lists the first few, most urgent first.

use crate::db::DbConnection;
use crate::db::schema::{
    entities, entity_documents, habilitation_requests, habilitations, session_archives, sessions,
};
use crate::domain::access::Access;
use crate::domain::document::DocumentKind;
use crate::domain::habilitation::RENEWAL_WINDOW;
use crate::domain::habilitation_request::{RequestStatus, URSSAF_MAX_AGE};
use crate::domain::session::SessionStatus;
use crate::ids::{EntityId, HabilitationId, RequestId, SessionId};
use chrono::NaiveDate;
use diesel::prelude::*;

/// How many rows of a task the dashboard lists.
pub const LISTED: i64 = 20;

/// All the rows of a task, and the first `LISTED`.
pub type Counted<T> = (i64, Vec<T>);
/// A session: id, place, first and last day.
pub type SessionLine = (SessionId, String, NaiveDate, NaiveDate);
/// A request: id, entity name, transmission.
pub type RequestLine = (RequestId, String, Option<chrono::NaiveDateTime>);

/// Whose sessions a task covers.
pub enum SessionScope<'a> {
    /// Sessions of these entities (managers).
    Entities(&'a [EntityId]),
    /// Sessions of these habilitations (delegates).
    Habilitations(&'a [HabilitationId]),
    /// Sessions this person trains (trainers).
    Trainer(&'a crate::ids::UserId),
}

/// Which sessions a task lists.
#[derive(Clone, Copy)]
pub enum Waiting {
    /// Those in this status.
    InStatus(SessionStatus),
    /// Closed ones whose certificates nobody marked downloaded.
    CertificatesNotDownloaded,
}

/// (count, first rows as (id, place, start, end)) of the sessions waiting so.
pub fn sessions_in(
    conn: &mut DbConnection,
    scope: &SessionScope<'_>,
    waiting: Waiting,
) -> QueryResult<Counted<SessionLine>> {
    let scoped = || {
        let query = match waiting {
            Waiting::InStatus(status) => sessions::table
                .filter(sessions::status.eq(status.as_str()))
                .into_boxed(),
            Waiting::CertificatesNotDownloaded => sessions::table
                .filter(sessions::status.eq(SessionStatus::Closed.as_str()))
                .filter(
                    sessions::id.eq_any(
                        session_archives::table
                            .filter(session_archives::downloaded_at.is_null())
                            .select(session_archives::session_id),
                    ),
                )
                .into_boxed(),
        };
        match scope {
            SessionScope::Entities(ids) => query.filter(sessions::entity_id.eq_any(ids.to_vec())),
            SessionScope::Habilitations(ids) => {
                query.filter(sessions::habilitation_id.eq_any(ids.to_vec()))
            }
            SessionScope::Trainer(user) => query.filter(sessions::trainer_id.eq((*user).clone())),
        }
    };
    let count = scoped().count().get_result(conn)?;
    let rows = scoped()
        .order((sessions::end_date, sessions::id))
        .limit(LISTED)
        .select((
            sessions::id,
            sessions::place,
            sessions::start_date,
            sessions::end_date,
        ))
        .load(conn)?;
    Ok((count, rows))
}

/// Habilitations of these entities ending within the renewal window: (id, scheme, level, until).
pub fn habilitations_expiring(
    conn: &mut DbConnection,
    entities_managed: &[EntityId],
    today: NaiveDate,
) -> QueryResult<Vec<(HabilitationId, String, i32, NaiveDate)>> {
    habilitations::table
        .filter(habilitations::entity_id.eq_any(entities_managed))
        .filter(habilitations::withdrawn_at.is_null())
        .filter(habilitations::valid_until.ge(today))
        .filter(habilitations::valid_until.lt(today + RENEWAL_WINDOW))
        .order(habilitations::valid_until)
        .select((
            habilitations::id,
            habilitations::scheme_code,
            habilitations::level,
            habilitations::valid_until,
        ))
        .load(conn)
}

/// Entities whose latest Urssaf attestation is older than 6 months, or that have none:
/// (id, legal name, latest issue date).
pub fn urssaf_outdated(
    conn: &mut DbConnection,
    entities_managed: &[EntityId],
    today: NaiveDate,
) -> QueryResult<Vec<(EntityId, String, Option<NaiveDate>)>> {
    let names: Vec<(EntityId, String)> = entities::table
        .filter(entities::id.eq_any(entities_managed))
        .order(entities::legal_name)
        .select((entities::id, entities::legal_name))
        .load(conn)?;
    let attestations: Vec<(EntityId, Option<NaiveDate>)> = entity_documents::table
        .filter(entity_documents::entity_id.eq_any(entities_managed))
        .filter(entity_documents::kind.eq(DocumentKind::UrssafAttestation.as_str()))
        .select((entity_documents::entity_id, entity_documents::issued_on))
        .load(conn)?;
    let oldest_allowed = today - URSSAF_MAX_AGE;
    Ok(names
        .into_iter()
        .filter_map(|(id, name)| {
            let latest = attestations
                .iter()
                .filter(|(entity, _)| *entity == id)
                .filter_map(|(_, issued)| *issued)
                .max();
            match latest {
                Some(issued) if issued >= oldest_allowed => None,
                latest => Some((id, name, latest)),
            }
        })
        .collect())
}

/// Requests in `status` that the caller instructs: its caisses' (agents) or all (admins):
/// (id, entity name, transmitted on).
pub fn requests_in(
    conn: &mut DbConnection,
    access: &Access,
    status: RequestStatus,
) -> QueryResult<Counted<RequestLine>> {
    let scoped = || {
        let query = habilitation_requests::table
            .inner_join(entities::table)
            .filter(habilitation_requests::status.eq(status.as_str()))
            .into_boxed();
        if access.admin {
            query
        } else {
            query.filter(entities::caisse_code.eq_any(access.caisses.clone()))
        }
    };
    let count = scoped().count().get_result(conn)?;
    let rows = scoped()
        .order(habilitation_requests::transmitted_at)
        .limit(LISTED)
        .select((
            habilitation_requests::id,
            entities::legal_name,
            habilitation_requests::transmitted_at,
        ))
        .load(conn)?;
    Ok((count, rows))
}
