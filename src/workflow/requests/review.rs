//! The caisse's opinion on a transmitted request; `more_documents` hands it back to the entity.

use super::{advance, current};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::habilitation_request::{Opinion, Step, review_comment};
use crate::error::{AppError, AppResult};
use crate::ids::RequestId;
use crate::store::entities;
use crate::store::habilitation_requests as store;
use chrono::{DateTime, Utc};

pub fn review(
    conn: &mut DbConnection,
    access: &Access,
    id: &RequestId,
    opinion: Opinion,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (request, status) = current(conn, access, id)?;
    let entity = entities::find_visible(conn, access, &request.entity_id)?
        .ok_or_else(AppError::not_found)?;
    access.check_reviews(&entity.caisse_code)?;
    let next = status.after(Step::Review(opinion))?;
    let comment = review_comment(opinion, comment)?;
    advance(conn, id, status, next, now)?;
    store::set_review(conn, id, opinion, comment)?;
    store::record_event(
        conn,
        id,
        &format!("reviewed_{}", opinion.as_str()),
        &access.user_id,
        comment,
        now,
    )?;
    Ok(())
}
