use super::{HabilitationDetail, load_detail};
use crate::AppState;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::HabilitationId;
use actix_web::{get, web};

/// One habilitation, with its status and delegates.
#[utoipa::path(
    tag = "habilitations",
    params(("id" = HabilitationId, Path, description = "The habilitation's id")),
    responses(
        (status = 200, description = "The habilitation", body = HabilitationDetail),
        crate::api::refusals::HabilitationNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/habilitations/{id}")]
pub async fn get_habilitation(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<HabilitationId>,
) -> AppResult<web::Json<HabilitationDetail>> {
    let id = id.into_inner();
    let today = state.clock.now().date_naive();
    let detail = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            load_detail(conn, &access, &id, today)
        })
        .await?;
    Ok(web::Json(detail))
}
