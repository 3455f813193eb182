//! A habilitation request's steps: the entity drafts and transmits it, its caisse reviews it, the
//! national commission decides. Each step checks who may take it (`domain::access`), that it is
//! legal now (`domain::habilitation_request`), moves the status unless someone moved it first,
//! records the event and queues the messages it sends, in the caller's transaction.

pub mod decide;
pub mod draft;
pub mod review;
pub mod transmit;

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::habilitation_request::RequestStatus;
use crate::error::{AppError, AppResult, Code};
use crate::ids::RequestId;
use crate::store::habilitation_requests::{self as store, RequestRecord};
use chrono::{DateTime, Utc};

pub fn status_of(request: &RequestRecord) -> AppResult<RequestStatus> {
    RequestStatus::parse(&request.status)
        .ok_or_else(|| AppError::internal(format!("unknown request status {}", request.status)))
}

/// The request if the caller sees it (404 otherwise), with its status.
fn current(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
) -> AppResult<(RequestRecord, RequestStatus)> {
    let request = store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let status = status_of(&request)?;
    Ok((request, status))
}

/// Moves the request unless another step moved it first (409 then).
fn advance(
    conn: &mut DbConnection,
    id: &RequestId,
    from: RequestStatus,
    to: RequestStatus,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if store::move_status(conn, id, from.as_str(), to.as_str(), now)? {
        Ok(())
    } else {
        Err(AppError::new(
            Code::RequestIllegalTransition,
            "La demande a changé entre-temps : rechargez-la.",
        ))
    }
}
