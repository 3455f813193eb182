//! `GET /api/v1/me`: who is calling, with every grant (for the web app's role switcher).

use crate::AppState;
use crate::api::users::UserView;
use crate::auth::Actor;
use crate::error::{AppError, AppResult, Code};
use crate::store::{trainer_certificates, users};
use actix_web::{get, web};

/// The caller's identity and every grant, read from the database (the token's grants change at
/// the next refresh). The trainer role is there while a trainer certificate is valid.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "The caller", body = UserView),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, actor: Actor) -> AppResult<web::Json<UserView>> {
    let today = state.clock.now().date_naive();
    let me = state
        .db(move |conn, _| {
            let user = users::find(conn, &actor.user_id)?
                .filter(|user| user.active)
                .ok_or_else(|| {
                    AppError::new(
                        Code::AuthAccountDisabled,
                        "Ce compte n'existe plus ou est désactivé.",
                    )
                })?;
            let grants = trainer_certificates::grants_with_trainer_role(conn, &user.id, today)?;
            Ok(UserView::new(user, grants))
        })
        .await?;
    Ok(web::Json(me))
}
