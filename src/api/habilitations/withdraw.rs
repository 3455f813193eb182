use super::{HabilitationDetail, load_detail};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::HabilitationId;
use crate::workflow::habilitations;
use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct Withdrawal {
    pub reason: String,
}

/// Withdraw a habilitation (admins): no session may run under it any more.
#[utoipa::path(
    tag = "habilitations",
    params(("id" = HabilitationId, Path, description = "The habilitation's id")),
    request_body = Withdrawal,
    responses(
        (status = 200, description = "Withdrawn", body = HabilitationDetail),
        (status = 403, description = "Not an admin (`auth.role_required`)", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such habilitation", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn (`habilitation.already_withdrawn`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/habilitations/{id}/withdraw")]
pub async fn withdraw_habilitation(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<HabilitationId>,
    body: JsonBody<Withdrawal>,
) -> AppResult<web::Json<HabilitationDetail>> {
    let id = id.into_inner();
    let reason = body.into_inner().reason;
    let now = state.clock.now();
    let detail = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                habilitations::withdraw(conn, &access, &id, &reason, now)?;
                load_detail(conn, &access, &id, now.date_naive())
            })
        })
        .await?;
    Ok(web::Json(detail))
}
