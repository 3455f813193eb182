//! `POST /api/v1/users/{id}/merge`: one person, one Forprev number (`workflow::users::merge`).

use super::UserView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::error::AppResult;
use crate::ids::UserId;
use crate::store::user_merges::Moved;
use crate::workflow::users;
use actix_web::{post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct MergeRequest {
    /// The account kept.
    pub into: UserId,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Merge {
    /// The duplicate, now deleted.
    pub merged_user_id: UserId,
    pub merged_forprev_number: ForprevNumber,
    /// The account kept, with every grant it now holds.
    pub kept: UserView,
    pub moved: Moved,
    pub merged_by: UserId,
    pub merged_at: DateTime<Utc>,
}

/// Merge a duplicate account into the one kept (admins). Its grants (but those the kept account
/// holds already), trainer certificates (all of them: the trainer role lasts while one is
/// valid), trainer profile (when the kept account has none; else the kept one's stays), the
/// sessions it trains or created, the API clients it created and its recorded acts move to the
/// kept account, and trainees named by its Forprev number are named by the kept one's. The
/// duplicate is deleted with its refresh tokens (logged out at once) and invitations. The merge
/// is recorded: who, when, which number.
#[utoipa::path(
    tag = "users",
    params(("id" = UserId, Path, description = "The duplicate account")),
    request_body = MergeRequest,
    responses(
        (status = 200, description = "Merged", body = Merge),
        (status = 403, description = "The caller is not an admin (`auth.role_required`)", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such account (`not_found`)", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The account to keep is disabled (`user.merge_disabled`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An account into itself, or the caller's own (`user.merge_same`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/merge")]
pub async fn merge_user(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<UserId>,
    body: JsonBody<MergeRequest>,
) -> AppResult<web::Json<Merge>> {
    let (duplicate, into) = (id.into_inner(), body.into_inner().into);
    let now = state.clock.now();
    let merged_by = actor.user_id.clone();
    let (merged, kept, grants, moved) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| users::merge(conn, &access, (&duplicate, &into), now))
        })
        .await?;
    tracing::info!(merged = %merged.id, into = %kept.id, by = %merged_by, "accounts merged");
    Ok(web::Json(Merge {
        merged_forprev_number: merged.forprev_number(),
        merged_user_id: merged.id,
        kept: UserView::new(kept, grants),
        moved,
        merged_by,
        merged_at: now,
    }))
}
