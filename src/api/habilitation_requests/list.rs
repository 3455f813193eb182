use super::RequestSummary;
use crate::AppState;
use crate::api::pagination::{Page, PageQuery};
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::habilitation_request::RequestStatus;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::store::habilitation_requests::{self as requests, Filter};
use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestFilter {
    pub entity_id: Option<EntityId>,
    pub status: Option<RequestStatus>,
}

/// The requests the caller may see: its entities' (managers), the transmitted requests of its
/// caisse (network agents), every transmitted request (admins).
#[utoipa::path(
    tag = "habilitation requests",
    params(RequestFilter, PageQuery),
    responses((status = 200, description = "One page of requests", body = Page<RequestSummary>)),
    security(("bearer" = []))
)]
#[get("/habilitation-requests")]
pub async fn list_requests(
    state: web::Data<AppState>,
    actor: Actor,
    filter: web::Query<RequestFilter>,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<Page<RequestSummary>>> {
    let limit = page.limit()?;
    let after = page.cursor()?;
    let RequestFilter { entity_id, status } = filter.into_inner();
    let filter = Filter {
        entity_id,
        status: status.map(|status| status.as_str().to_owned()),
    };
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            Ok(requests::list_visible(
                conn,
                &access,
                &filter,
                after.as_ref(),
                limit + 1,
            )?)
        })
        .await?;
    let items = records
        .iter()
        .map(RequestSummary::try_from)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(web::Json(Page::new(items, limit, |request| {
        request.id.to_string()
    })))
}
