//! A session's step over HTTP: the caller's `If-Match`, the step (`workflow::sessions::moves`)
//! in one write transaction, and the session as it now is, with its new `ETag`.

use super::{if_match, load, respond};
use crate::AppState;
use crate::auth::Actor;
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::SessionId;
use crate::workflow::sessions::moves::Target;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

pub async fn take(
    state: &AppState,
    actor: Actor,
    id: SessionId,
    req: &HttpRequest,
    step: impl FnOnce(&mut DbConnection, &Config, &Access, Target, DateTime<Utc>) -> AppResult<()>
    + Send
    + 'static,
) -> AppResult<HttpResponse> {
    let expected = if_match(req);
    let now = state.clock.now();
    let session = state
        .db(move |conn, state| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                step(
                    conn,
                    &state.config,
                    &access,
                    (&id, expected.as_deref()),
                    now,
                )?;
                load(conn, &access, &id)
            })
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), session))
}
