//! `GET /api/v1/me`: who is calling, with every grant (for the web app's role switcher).

use crate::AppState;
use crate::auth::Actor;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Grant;
use crate::error::{AppError, AppResult, Problem};
use crate::ids::UserId;
use crate::store::{grants, users};
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: UserId,
    pub forprev_number: ForprevNumber,
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    /// Every role held, with its scope. Read from the database: it may already differ from the
    /// token's, which changes at the next refresh.
    pub grants: Vec<Grant>,
}

/// The caller's identity and grants.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Missing, invalid or expired access token", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, actor: Actor) -> AppResult<web::Json<Me>> {
    let me = state
        .db(move |conn, _| {
            let user = users::find(conn, &actor.user_id)?
                .filter(|user| user.active)
                .ok_or_else(|| {
                    AppError::unauthorized(
                        "auth.account_disabled",
                        "Ce compte n'existe plus ou est désactivé.",
                    )
                })?;
            Ok(Me {
                grants: grants::of_user(conn, &user.id)?,
                forprev_number: user.forprev_number(),
                id: user.id,
                email: user.email,
                family_name: user.family_name,
                given_name: user.given_name,
            })
        })
        .await?;
    Ok(web::Json(me))
}
