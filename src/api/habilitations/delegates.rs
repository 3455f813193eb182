//! `POST|DELETE /api/v1/habilitations/{id}/delegates`, by Forprev number (the entity's managers,
//! or an admin).

use super::{HabilitationDetail, load_detail};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::error::AppResult;
use crate::ids::HabilitationId;
use crate::workflow::habilitations;
use actix_web::{HttpResponse, delete, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DelegateRef {
    #[param(value_type = String, pattern = "^[A-Z]{3}[0-9]{5}$", example = "JKA37899")]
    pub forprev_number: ForprevNumber,
}

/// Make someone a delegate of this habilitation: it may then create and close its sessions.
#[utoipa::path(
    tag = "habilitations",
    params(("id" = HabilitationId, Path, description = "The habilitation's id")),
    request_body = DelegateRef,
    responses(
        (status = 201, description = "Added", body = HabilitationDetail),
        (status = 403, description = "The caller may see the habilitation but not change it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::HabilitationNotFound,
        (status = 409, description = "Already a delegate (`delegate.already_delegate`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/habilitations/{id}/delegates")]
pub async fn add_delegate(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<HabilitationId>,
    body: JsonBody<DelegateRef>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let number = body.into_inner().forprev_number;
    let now = state.clock.now();
    let detail = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                habilitations::add_delegate(conn, &access, &id, &number, now)?;
                load_detail(conn, &access, &id, now.date_naive())
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// Remove a delegate.
#[utoipa::path(
    tag = "habilitations",
    params(("id" = HabilitationId, Path, description = "The habilitation's id"), DelegateRef),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "The caller may see the habilitation but not change it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such habilitation or delegate", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/habilitations/{id}/delegates")]
pub async fn remove_delegate(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<HabilitationId>,
    query: web::Query<DelegateRef>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let number = query.into_inner().forprev_number;
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            habilitations::remove_delegate(conn, &access, &id, &number)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
