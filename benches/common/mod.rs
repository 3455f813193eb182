//! What the benchmarks share.

use diesel::prelude::*;
use forprev::db::DbConnection;
use forprev::db::schema::sessions;
use forprev::domain::session::SessionStatus;
use forprev::ids::{EntityId, HabilitationId, UserId};

/// The demo world's validated session (from `seed_demo`): its habilitation, entity, trainer and
/// creator, to make more sessions like it.
pub fn demo_session(conn: &mut DbConnection) -> (HabilitationId, EntityId, UserId, UserId) {
    sessions::table
        .filter(sessions::status.eq(SessionStatus::Validated.as_str()))
        .select((
            sessions::habilitation_id,
            sessions::entity_id,
            sessions::trainer_id,
            sessions::created_by,
        ))
        .first(conn)
        .unwrap()
}
