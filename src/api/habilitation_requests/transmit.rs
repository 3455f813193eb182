use super::{RequestView, load_view};
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::RequestId;
use crate::workflow::requests::transmit;
use actix_web::{post, web};

/// Transmit the request to the caisse. Checked: no other request under instruction, an Urssaf
/// attestation at most 6 months old, a déroulé for every item but SST level 1, the entity's
/// mandatory fields filled.
#[utoipa::path(
    tag = "habilitation requests",
    params(("id" = RequestId, Path, description = "The request's id")),
    responses(
        (status = 200, description = "Transmitted", body = RequestView),
        (status = 403, description = "The caller may see the request but not act for the entity", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::RequestNotFound,
        (status = 409, description = "Not transmittable in its status (`request.illegal_transition`)", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "A transmission rule is broken (`request.urssaf_attestation_missing`, \
            `request.deroule_missing`, `request.another_under_instruction`, `request.entity_incomplete`, \
            `request.no_items`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/habilitation-requests/{id}/transmit")]
pub async fn transmit_request(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<RequestId>,
) -> AppResult<web::Json<RequestView>> {
    let id = id.into_inner();
    let now = state.clock.now();
    let view = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                transmit::transmit(conn, &access, &id, now)?;
                load_view(conn, &access, &id)
            })
        })
        .await?;
    Ok(web::Json(view))
}
