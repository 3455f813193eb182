//! A session in the entity's hands (draft or returned), as its runners change it: its plan, its
//! trainees, their scans.

use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::session::{SessionStatus, check_version};
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::habilitations::{self, HabilitationRecord};
use crate::store::sessions::{self as store, SessionRecord};

pub struct Editable {
    pub session: SessionRecord,
    pub habilitation: HabilitationRecord,
}

/// The session and its habilitation, if the caller runs it: 404 unless it sees both.
pub fn run_by(conn: &mut DbConnection, access: &Access, id: &SessionId) -> AppResult<Editable> {
    let (session, _, _) = store::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    let habilitation = habilitations::find_visible(conn, access, &session.habilitation_id)?
        .ok_or_else(AppError::not_found)?;
    access.check_runs(&habilitation.entity_id, &habilitation.id)?;
    Ok(Editable {
        session,
        habilitation,
    })
}

/// The session, if the caller runs it, it is still in the entity's hands, and `If-Match` (if
/// sent) names its current version.
pub fn editable(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
) -> AppResult<Editable> {
    let editable = run_by(conn, access, id)?;
    let status = SessionStatus::parse(&editable.session.status)
        .ok_or_else(|| AppError::internal("unknown session status"))?;
    if !status.editable() {
        return Err(AppError::new(
            Code::SessionNotEditable,
            format!("La session n'est plus modifiable ({}).", status.as_str()),
        ));
    }
    check_version(expected_version, editable.session.version)?;
    Ok(editable)
}
